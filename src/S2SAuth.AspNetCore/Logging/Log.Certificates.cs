using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Client certificates and bound tokens (event ids 1600-1629): the trust bundle, refused certificates, bindings.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1601, EventName = "TrustBundleLoaded", Level = LogLevel.Information,
        Message = "Certificate trust bundle loaded: {Roots} root and {Intermediates} intermediate CA certificates (version {Version}).")]
    public static partial void TrustBundleLoaded(ILogger logger, int roots, int intermediates, long version);

    [LoggerMessage(EventId = 1602, EventName = "TrustBundleReloadFailed", Level = LogLevel.Warning,
        Message = "Certificate trust bundle could not be re-read ({Reason}); the last good bundle stays in force.")]
    public static partial void TrustBundleReloadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1603, EventName = "CertificateRefused", Level = LogLevel.Information,
        Message = "{Credential} client certificate refused: {ErrorCode} (correlation {CorrelationId}).")]
    public static partial void CertificateRefused(ILogger logger, ServiceCredentialKind credential, string errorCode, string correlationId);
}
