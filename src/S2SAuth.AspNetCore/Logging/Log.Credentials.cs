using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Log messages of the credentials beyond tokens and certificates (signed requests, API keys) and the replay store: 1690-1699.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1690, EventName = "CredentialRefused", Level = LogLevel.Information,
        Message = "Service credential refused ({Credential}): {ErrorCode} (correlation {CorrelationId}).")]
    public static partial void CredentialRefused(ILogger logger, ServiceCredentialPolicy credential, string errorCode, string correlationId);

    [LoggerMessage(EventId = 1691, EventName = "ReplayStoreFull", Level = LogLevel.Warning,
        Message = "The in-memory replay store holds {MaxEntries} live one-time values (ServiceAuth:Replay:MaxEntries): new ones are refused until some expire.")]
    public static partial void ReplayStoreFull(ILogger logger, int maxEntries);
}
