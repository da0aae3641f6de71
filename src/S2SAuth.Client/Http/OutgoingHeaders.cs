namespace S2SAuth.Client.Http;

/// <summary>The SPEC's headers, as the outgoing side writes them.</summary>
internal static class OutgoingHeaders
{
    public const string ServiceToken = "X-Service-Token";
    public const string UserToken = "X-User-Token";
    public const string Authorization = "Authorization";
    public const string CorrelationId = "X-Correlation-Id";
    public const string RequestId = "X-Request-Id";
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary>Headers whose values are credentials (a request signature included): always redacted from HttpClient's own logging.</summary>
    public static bool IsSensitive(string header) =>
        header.Equals(ServiceToken, StringComparison.OrdinalIgnoreCase)
        || header.Equals(UserToken, StringComparison.OrdinalIgnoreCase)
        || header.Equals(Authorization, StringComparison.OrdinalIgnoreCase)
        || header.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Signature", StringComparison.OrdinalIgnoreCase);
}
