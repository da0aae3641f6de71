using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Forwarded client certificates (event ids 1650-1669): headers from untrusted sources, refused headers. Never a header's value.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1650, EventName = "ForwardedCertificateHeaderIgnored", Level = LogLevel.Warning,
        Message = "{HeaderName} header on a request from {RemoteAddress}, which is not a trusted proxy (ServiceAuth:Certificates:Forwarded:TrustedProxies, TrustedProxyIds): ignored and removed from the request; {Suppressed} more such requests were not logged since the last line.")]
    public static partial void ForwardedCertificateHeaderIgnored(ILogger logger, string headerName, string remoteAddress, long suppressed);

    [LoggerMessage(EventId = 1651, EventName = "ForwardedCertificateHeaderRefused", Level = LogLevel.Debug,
        Message = "{HeaderName} header from trusted proxy {RemoteAddress} refused ({Code}): {Detail}")]
    public static partial void ForwardedCertificateHeaderRefused(ILogger logger, string headerName, string remoteAddress, string code, string detail);
}
