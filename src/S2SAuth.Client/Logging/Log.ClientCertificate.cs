using Microsoft.Extensions.Logging;

namespace S2SAuth.Client.Logging;

/// <summary>This service's client certificate (event ids 2200–2219): subject, a thumbprint prefix and reason codes, never a key or a certificate body.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2200, EventName = "ClientCertificateLoaded", Level = LogLevel.Information,
        Message = "Client certificate {Subject} (SHA-256 {ThumbprintPrefix}…) in use for new TLS connections; it expires {NotAfter:O}.")]
    public static partial void ClientCertificateLoaded(ILogger logger, string subject, string thumbprintPrefix, DateTime notAfter);

    [LoggerMessage(EventId = 2201, EventName = "ClientCertificateReloadFailed", Level = LogLevel.Warning,
        Message = "The changed client certificate files could not be loaded ({Key}: {Reason}); the last good certificate stays in use.")]
    public static partial void ClientCertificateReloadFailed(ILogger logger, string key, string reason);
}
