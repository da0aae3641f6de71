using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Certificate revocation lists (event ids 1630-1649): lists loaded, fetches failed, stale lists.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1630, EventName = "RevocationListLoaded", Level = LogLevel.Information,
        Message = "Revocation list ServiceAuth:Certificates:RevocationLists:{SourceIndex} loaded: issuer {Issuer}, {EntryCount} revoked certificates, number {CrlNumber}, nextUpdate {NextUpdate:O}.")]
    public static partial void RevocationListLoaded(ILogger logger, int sourceIndex, string issuer, int entryCount, string crlNumber, DateTimeOffset nextUpdate);

    [LoggerMessage(EventId = 1631, EventName = "RevocationListFetchFailed", Level = LogLevel.Warning,
        Message = "Revocation list ServiceAuth:Certificates:RevocationLists:{SourceIndex} could not be loaded ({Reason}); the last good list, if any, stays in force. Next attempt in {RetryIn}.")]
    public static partial void RevocationListFetchFailed(ILogger logger, int sourceIndex, string reason, TimeSpan retryIn);

    [LoggerMessage(EventId = 1632, EventName = "RevocationListStale", Level = LogLevel.Warning,
        Message = "Revocation list ServiceAuth:Certificates:RevocationLists:{SourceIndex} (issuer {Issuer}) is past its nextUpdate {NextUpdate:O}; still applied until {AppliedUntil:O} (RevocationListMaxStaleness) unless a newer one is loaded.")]
    public static partial void RevocationListStale(ILogger logger, int sourceIndex, string issuer, DateTimeOffset nextUpdate, DateTimeOffset appliedUntil);

    [LoggerMessage(EventId = 1633, EventName = "RevocationListExpired", Level = LogLevel.Error,
        Message = "Revocation list ServiceAuth:Certificates:RevocationLists:{SourceIndex} (issuer {Issuer}) is past its nextUpdate {NextUpdate:O} beyond RevocationListMaxStaleness: certificates of that CA are refused with 503 certificate_revocation_unavailable until a newer list is loaded.")]
    public static partial void RevocationListExpired(ILogger logger, int sourceIndex, string issuer, DateTimeOffset nextUpdate);

    [LoggerMessage(EventId = 1634, EventName = "RevocationListOlderIgnored", Level = LogLevel.Warning,
        Message = "Revocation list ServiceAuth:Certificates:RevocationLists:{SourceIndex} served an older list (number {CrlNumber}) than the one in force; it is ignored.")]
    public static partial void RevocationListOlderIgnored(ILogger logger, int sourceIndex, string crlNumber);

    [LoggerMessage(EventId = 1635, EventName = "RevocationListUnchanged", Level = LogLevel.Debug,
        Message = "Revocation list ServiceAuth:Certificates:RevocationLists:{SourceIndex} unchanged.")]
    public static partial void RevocationListUnchanged(ILogger logger, int sourceIndex);

    [LoggerMessage(EventId = 1636, EventName = "RevocationListUrlRefused", Level = LogLevel.Error,
        Message = "Revocation list ServiceAuth:Certificates:RevocationLists:{SourceIndex} is not fetched: plain http is allowed only on loopback with ServiceAuth:RequireHttpsMetadata=false.")]
    public static partial void RevocationListUrlRefused(ILogger logger, int sourceIndex);
}
