namespace S2SAuth.Client.Tokens;

/// <summary>The outcome of one token request: a token, or why there is none (an expected failure is a value, not an exception).</summary>
internal sealed class TokenResult
{
    private TokenResult(CachedToken? token, ServiceTokenFailureReason reason, string? error)
    {
        Token = token;
        Reason = reason;
        Error = error;
    }

    public CachedToken? Token { get; }

    public ServiceTokenFailureReason Reason { get; }

    /// <summary>The issuer's OAuth2 error code or an HTTP status, already made safe to log.</summary>
    public string? Error { get; }

    public static TokenResult Success(CachedToken token) => new(token, default, null);

    public static TokenResult Failure(ServiceTokenFailureReason reason, string? error = null) => new(null, reason, error);

    public override string ToString() => Token is null ? $"failure {Reason} {Error}" : "success";
}
