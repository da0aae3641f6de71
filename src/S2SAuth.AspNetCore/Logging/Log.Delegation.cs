using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Log events of delegated user tokens (RFC 8693 <c>act</c> chains): ids 1780–1789.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1780, EventName = "DelegationRefused", Level = LogLevel.Information,
        Message = "Delegated user token refused: {ErrorCode}; most recent actor {Actor}, caller {ServiceId} by {ServiceCredential} (correlation {CorrelationId}).")]
    public static partial void DelegationRefused(ILogger logger, string errorCode, string? actor, string? serviceId, ServiceCredentialKind? serviceCredential, string correlationId);
}
