using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Revocation (event ids 1300-1399): applied revocations, refusals, capacity, staleness and the shared store's sync.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1301, EventName = "TokenRevocationApplied", Level = LogLevel.Information,
        Message = "Token {TokenId} of {Issuer} revoked until {ExpiresAt:O} ({Source}).")]
    public static partial void TokenRevocationApplied(ILogger logger, string tokenId, string issuer, DateTimeOffset expiresAt, string source);

    [LoggerMessage(EventId = 1302, EventName = "SubjectCutOffApplied", Level = LogLevel.Information,
        Message = "Tokens of {Subject} at {Issuer} issued before {IssuedBefore:O} cut off ({Source}).")]
    public static partial void SubjectCutOffApplied(ILogger logger, string subject, string issuer, DateTimeOffset issuedBefore, string source);

    [LoggerMessage(EventId = 1303, EventName = "RevokedTokenRefused", Level = LogLevel.Warning,
        Message = "{TokenKind} token {TokenId} of {Subject} refused: {Reason}.")]
    public static partial void RevokedTokenRefused(ILogger logger, string tokenKind, string tokenId, string subject, string reason);

    [LoggerMessage(EventId = 1304, EventName = "RevocationCapacityReached", Level = LogLevel.Error,
        Message = "Revocation state full ({MaxEntries} entries, ServiceAuth:Revocation:MaxEntries): a revocation did not fit, so every request is refused with 503 revocation_state_overflow until {Until:O} (fail closed). Raise MaxEntries.")]
    public static partial void RevocationCapacityReached(ILogger logger, int maxEntries, DateTimeOffset until);

    [LoggerMessage(EventId = 1305, EventName = "RevocationStateStale", Level = LogLevel.Error,
        Message = "Revocation state not confirmed in sync for {Age} (ServiceAuth:Revocation:MaxStaleness {MaxStaleness}); policy {Policy} applies until it is.")]
    public static partial void RevocationStateStale(ILogger logger, TimeSpan age, TimeSpan maxStaleness, string policy);

    [LoggerMessage(EventId = 1306, EventName = "RevocationStateFresh", Level = LogLevel.Information,
        Message = "Revocation state in sync again.")]
    public static partial void RevocationStateFresh(ILogger logger);

    [LoggerMessage(EventId = 1307, EventName = "RevocationObserverFailed", Level = LogLevel.Error,
        Message = "Revocation observer {Observer} failed ({ExceptionType}); the revocation itself is applied.")]
    public static partial void RevocationObserverFailed(ILogger logger, string observer, string exceptionType);

    [LoggerMessage(EventId = 1308, EventName = "RevocationsSwept", Level = LogLevel.Debug,
        Message = "{Removed} expired revocation entries forgotten; {Remaining} held.")]
    public static partial void RevocationsSwept(ILogger logger, int removed, int remaining);

    [LoggerMessage(EventId = 1320, EventName = "RevocationStoreLoaded", Level = LogLevel.Information,
        Message = "Revocation state loaded from the shared store: {Tokens} revoked tokens, {Subjects} subject cut-offs, from log position {Position} ({Reason}).")]
    public static partial void RevocationStoreLoaded(ILogger logger, int tokens, int subjects, string position, string reason);

    [LoggerMessage(EventId = 1321, EventName = "RevocationStoreSyncFailed", Level = LogLevel.Warning,
        Message = "Revocation sync with the shared store failed ({ExceptionType}); the last state stays applied and the sync is retried.")]
    public static partial void RevocationStoreSyncFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1322, EventName = "RevocationStoreLoadTimedOut", Level = LogLevel.Error,
        Message = "Revocation state could not be loaded from the shared store within {Timeout}; requests meet the stale policy until it is, and loading goes on in the background.")]
    public static partial void RevocationStoreLoadTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 1323, EventName = "RevocationPublishFailed", Level = LogLevel.Error,
        Message = "A revocation could not be written to the shared store ({ExceptionType}); it is applied on this instance only. Retry it.")]
    public static partial void RevocationPublishFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1324, EventName = "RevocationStoreReset", Level = LogLevel.Warning,
        Message = "The shared store lost the revocation state (new epoch): {Tokens} revoked tokens and {Subjects} cut-offs held here were written back.")]
    public static partial void RevocationStoreReset(ILogger logger, int tokens, int subjects);

    [LoggerMessage(EventId = 1325, EventName = "RevocationCatchUp", Level = LogLevel.Debug,
        Message = "{Count} revocations read from the shared store's log, now at {Position}.")]
    public static partial void RevocationCatchUp(ILogger logger, int count, string position);
}
