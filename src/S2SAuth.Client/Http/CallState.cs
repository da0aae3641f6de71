namespace S2SAuth.Client.Http;

/// <summary>
/// One logical call, decided once by the outer handler and read by the per-attempt handler and the retry rule: whether
/// it is user-scoped and with which user token, and whether its downstream honours <c>Idempotency-Key</c>.
/// Deliberately not a record: its text form must never show the token.
/// </summary>
internal sealed class CallState
{
    private int _tokenRetries;

    public CallState(bool userScoped, string? userToken, bool retryWithIdempotencyKey = false)
    {
        UserScoped = userScoped;
        UserToken = userToken;
        RetryWithIdempotencyKey = retryWithIdempotencyKey;
    }

    public bool UserScoped { get; }

    public string? UserToken { get; }

    /// <summary>The client's <see cref="ServiceTokenHandlerOptions.RetryWithIdempotencyKey"/>.</summary>
    public bool RetryWithIdempotencyKey { get; }

    /// <summary>Claims the call's one retry after a downstream <c>401 invalid_token</c>; <see langword="false"/> when it was used.</summary>
    public bool TryUseTokenRetry() => Interlocked.Exchange(ref _tokenRetries, 1) == 0;

    public override string ToString() => UserScoped ? "user-scoped call" : "service-only call";
}
