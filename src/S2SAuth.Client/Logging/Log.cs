using Microsoft.Extensions.Logging;

namespace S2SAuth.Client.Logging;

/// <summary>
/// Every log line of S2SAuth.Client, event ids 2000–2999. Arguments are audiences, scopes, hosts, reason codes
/// and ids: never a token, a header value, a secret or an exception message.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, EventName = "ServiceTokenAcquired", Level = LogLevel.Debug,
        Message = "Service token acquired for audience {Audience}, scopes {Scopes}; valid for {LifetimeSeconds} s.")]
    public static partial void TokenAcquired(ILogger logger, string audience, string scopes, long lifetimeSeconds);

    [LoggerMessage(EventId = 2002, EventName = "ServiceTokenRequestFailed", Level = LogLevel.Warning,
        Message = "Service token request for audience {Audience} failed: {Reason} ({Error}).")]
    public static partial void TokenRequestFailed(ILogger logger, string audience, ServiceTokenFailureReason reason, string error);

    [LoggerMessage(EventId = 2003, EventName = "CachedServiceTokenKept", Level = LogLevel.Warning,
        Message = "The cached service token for audience {Audience} stays in use for {RemainingSeconds} s while no new one can be had.")]
    public static partial void CachedTokenKept(ILogger logger, string audience, long remainingSeconds);

    [LoggerMessage(EventId = 2004, EventName = "ServiceTokenRefreshAhead", Level = LogLevel.Debug,
        Message = "Refreshing the service token for audience {Audience} ahead of its expiry.")]
    public static partial void TokenRefreshAhead(ILogger logger, string audience);

    [LoggerMessage(EventId = 2010, EventName = "DiscoveryFailed", Level = LogLevel.Warning,
        Message = "The discovery document of {Authority} could not be read ({Error}); stale token endpoint kept: {StaleKept}.")]
    public static partial void DiscoveryFailed(ILogger logger, string authority, string error, bool staleKept);

    [LoggerMessage(EventId = 2101, EventName = "OutgoingCallRefused", Level = LogLevel.Warning,
        Message = "Outgoing call of HttpClient {ClientName} refused: {Reason}, host {Host} (correlation {CorrelationId}).")]
    public static partial void CallRefused(ILogger logger, string clientName, OutgoingCallRefusalReason reason, string host, string correlationId);

    [LoggerMessage(EventId = 2102, EventName = "OutgoingCallWithoutToken", Level = LogLevel.Warning,
        Message = "Outgoing call of HttpClient {ClientName} to {Host} not sent: no service token ({Reason}) (correlation {CorrelationId}).")]
    public static partial void CallWithoutToken(ILogger logger, string clientName, string host, ServiceTokenFailureReason reason, string correlationId);

    [LoggerMessage(EventId = 2103, EventName = "ServiceTokenRejectedRetrying", Level = LogLevel.Information,
        Message = "{Host} answered 401 invalid_token to HttpClient {ClientName}; retrying once with a refreshed service token (correlation {CorrelationId}).")]
    public static partial void TokenRejectedRetrying(ILogger logger, string host, string clientName, string correlationId);

    [LoggerMessage(EventId = 2104, EventName = "ServiceTokenRejectedNotRetried", Level = LogLevel.Information,
        Message = "{Host} answered 401 invalid_token to HttpClient {ClientName}; not retried: no newer service token (correlation {CorrelationId}).")]
    public static partial void TokenRejectedNotRetried(ILogger logger, string host, string clientName, string correlationId);

    [LoggerMessage(EventId = 2105, EventName = "RedirectFollowed", Level = LogLevel.Debug,
        Message = "HttpClient {ClientName} follows a {StatusCode} redirect to {Host} (correlation {CorrelationId}).")]
    public static partial void RedirectFollowed(ILogger logger, string clientName, int statusCode, string host, string correlationId);

    [LoggerMessage(EventId = 2106, EventName = "ProtocolRedirectRefused", Level = LogLevel.Warning,
        Message = "HttpClient {ClientName} was answered with a {StatusCode} redirect to {Host}; protocol clients never follow redirects, the request failed.")]
    public static partial void ProtocolRedirectRefused(ILogger logger, string clientName, int statusCode, string host);

    [LoggerMessage(EventId = 2401, EventName = "UserTokenExchanged", Level = LogLevel.Debug,
        Message = "User token exchanged for audience {Audience}, scopes {Scopes}; valid for {LifetimeSeconds} s.")]
    public static partial void TokenExchanged(ILogger logger, string audience, string scopes, long lifetimeSeconds);

    [LoggerMessage(EventId = 2402, EventName = "UserTokenExchangeFailed", Level = LogLevel.Warning,
        Message = "User token exchange for audience {Audience} failed: {Reason} ({Error}); calls that need it are not sent.")]
    public static partial void TokenExchangeFailed(ILogger logger, string audience, ServiceTokenFailureReason reason, string error);

    [LoggerMessage(EventId = 2403, EventName = "UserTokenExchangeRefused", Level = LogLevel.Warning,
        Message = "User token exchange for audience {Audience} not asked of the issuer: {Error}.")]
    public static partial void TokenExchangeRefusedHere(ILogger logger, string audience, string error);

    [LoggerMessage(EventId = 2404, EventName = "ExchangedTokensForgotten", Level = LogLevel.Information,
        Message = "{Count} exchanged token(s) forgotten after a revocation.")]
    public static partial void ExchangedTokensForgotten(ILogger logger, int count);

    [LoggerMessage(EventId = 2405, EventName = "ExchangedTokensEvicted", Level = LogLevel.Information,
        Message = "{Count} exchanged token(s) evicted: the cache reached its bound (ExchangedTokenCacheMaxEntries / ExchangedTokenCacheMaxBytes).")]
    public static partial void ExchangedTokensEvicted(ILogger logger, int count);
}
