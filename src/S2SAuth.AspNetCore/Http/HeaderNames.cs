namespace S2SAuth.Http;

/// <summary>The headers of the SPEC.</summary>
internal static class HeaderNames
{
    public const string ServiceToken = "X-Service-Token";
    public const string UserToken = "X-User-Token";
    public const string CorrelationId = "X-Correlation-Id";
    public const string RequestId = "X-Request-Id";
}
