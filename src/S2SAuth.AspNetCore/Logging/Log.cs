using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>
/// Every log line of S2SAuth.AspNetCore, with fixed event ids. Arguments are reason codes, ids and counts:
/// never a token, a header value, a secret or an exception message.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "SigningKeysRefreshed", Level = LogLevel.Information,
        Message = "Signing keys refreshed: {KeyCount} keys, version {KeySetVersion}.")]
    public static partial void SigningKeysRefreshed(ILogger logger, int keyCount, long keySetVersion);

    [LoggerMessage(EventId = 1002, EventName = "SigningKeysRefreshFailed", Level = LogLevel.Warning,
        Message = "Signing keys could not be refreshed ({Reason}); the last good keys, if any, stay in use.")]
    public static partial void SigningKeysRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1101, EventName = "TokenRejected", Level = LogLevel.Information,
        Message = "{TokenKind} token rejected: {ErrorCode} (correlation {CorrelationId}).")]
    public static partial void TokenRejected(ILogger logger, string tokenKind, string errorCode, string correlationId);

    [LoggerMessage(EventId = 1102, EventName = "RequestAuthenticated", Level = LogLevel.Debug,
        Message = "Request authenticated: service {ServiceId}, user {UserId}, tenant {TenantId}.")]
    public static partial void RequestAuthenticated(ILogger logger, string? serviceId, string? userId, string? tenantId);

    [LoggerMessage(EventId = 1201, EventName = "RequestRefused", Level = LogLevel.Information,
        Message = "Request refused with {StatusCode} {ErrorCode} (correlation {CorrelationId}).")]
    public static partial void RequestRefused(ILogger logger, int statusCode, string errorCode, string correlationId);
}
