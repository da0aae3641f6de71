namespace S2SAuth.Http;

/// <summary>The headers of the SPEC.</summary>
internal static class HeaderNames
{
    public const string ServiceToken = "X-Service-Token";
    public const string UserToken = "X-User-Token";
    public const string CorrelationId = RequestIds.CorrelationHeader;
    public const string RequestId = RequestIds.RequestHeader;
}
