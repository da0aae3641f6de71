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

    [LoggerMessage(EventId = 1011, EventName = "SigningKeysServedStale", Level = LogLevel.Warning,
        Message = "Serving the last good signing keys (version {KeySetVersion}), fetched {KeyAge} ago; they are dropped in {TimeLeft} (KeyMaxStaleness) unless a refresh succeeds.")]
    public static partial void SigningKeysServedStale(ILogger logger, long keySetVersion, TimeSpan keyAge, TimeSpan timeLeft);

    [LoggerMessage(EventId = 1012, EventName = "SigningKeysExpired", Level = LogLevel.Error,
        Message = "Signing keys (version {KeySetVersion}) dropped: not refreshed for {KeyAge}, beyond KeyMaxStaleness; requests answer 503 until a fetch succeeds.")]
    public static partial void SigningKeysExpired(ILogger logger, long keySetVersion, TimeSpan keyAge);

    [LoggerMessage(EventId = 1013, EventName = "SigningKeysWithdrawn", Level = LogLevel.Error,
        Message = "The issuer published no usable signing key ({PublishedCount} published); every cached key is dropped and requests answer 503 until it publishes one.")]
    public static partial void SigningKeysWithdrawn(ILogger logger, int publishedCount);

    [LoggerMessage(EventId = 1014, EventName = "JwksUriRefused", Level = LogLevel.Error,
        Message = "The discovery document names a jwks_uri on {JwksOrigin}, which is neither the Authority's origin nor listed in ServiceAuth:AllowedJwksOrigins; nothing was fetched from it.")]
    public static partial void JwksUriRefused(ILogger logger, string jwksOrigin);

    [LoggerMessage(EventId = 1101, EventName = "TokenRejected", Level = LogLevel.Information,
        Message = "{TokenKind} token rejected: {ErrorCode} (correlation {CorrelationId}).")]
    public static partial void TokenRejected(ILogger logger, string tokenKind, string errorCode, string correlationId);

    [LoggerMessage(EventId = 1103, EventName = "TokenCheckFailed", Level = LogLevel.Error,
        Message = "Token check {Check} failed ({ExceptionType}); the token is refused with token_check_unavailable.")]
    public static partial void TokenCheckFailed(ILogger logger, string check, string exceptionType);

    [LoggerMessage(EventId = 1102, EventName = "RequestAuthenticated", Level = LogLevel.Debug,
        Message = "Request authenticated: service {ServiceId}, user {UserId}, tenant {TenantId}.")]
    public static partial void RequestAuthenticated(ILogger logger, string? serviceId, string? userId, string? tenantId);

    [LoggerMessage(EventId = 1201, EventName = "RequestRefused", Level = LogLevel.Information,
        Message = "Request refused with {StatusCode} {ErrorCode} (correlation {CorrelationId}).")]
    public static partial void RequestRefused(ILogger logger, int statusCode, string errorCode, string correlationId);
}
