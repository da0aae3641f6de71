using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Central verification (RFC 7662 introspection): event ids 1400-1499. Never a token, a secret or an answer's text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1400, EventName = "LiveCheckPassed", Level = LogLevel.Debug,
        Message = "{TokenKind} token is active at the issuer (live check, correlation {CorrelationId}).")]
    public static partial void LiveCheckPassed(ILogger logger, string tokenKind, string correlationId);

    [LoggerMessage(EventId = 1401, EventName = "TokenInactive", Level = LogLevel.Warning,
        Message = "{TokenKind} token refused: the issuer's introspection says it is not active (token_inactive, correlation {CorrelationId}).")]
    public static partial void TokenInactive(ILogger logger, string tokenKind, string correlationId);

    [LoggerMessage(EventId = 1402, EventName = "IntrospectionUnavailable", Level = LogLevel.Error,
        Message = "{TokenKind} token refused: no introspection answer from the issuer ({Reason}); answering 503 introspection_unavailable (correlation {CorrelationId}).")]
    public static partial void IntrospectionUnavailable(ILogger logger, string tokenKind, string reason, string correlationId);

    [LoggerMessage(EventId = 1403, EventName = "IntrospectionMismatch", Level = LogLevel.Warning,
        Message = "{TokenKind} token refused: the issuer's introspection answer contradicts its '{Claim}' claim (introspection_mismatch, correlation {CorrelationId}).")]
    public static partial void IntrospectionMismatch(ILogger logger, string tokenKind, string claim, string correlationId);

    [LoggerMessage(EventId = 1404, EventName = "LiveCheckNotConfigured", Level = LogLevel.Error,
        Message = "An endpoint requires a live check but introspection is not added: call AddServiceAuth(...).AddIntrospection(); answering 503 introspection_unavailable.")]
    public static partial void LiveCheckNotConfigured(ILogger logger);

    [LoggerMessage(EventId = 1405, EventName = "IntrospectionDiscoveryFailed", Level = LogLevel.Warning,
        Message = "The introspection endpoint could not be read from the discovery document ({Reason}); last known endpoint kept: {StaleKept}.")]
    public static partial void IntrospectionDiscoveryFailed(ILogger logger, string reason, bool staleKept);

    [LoggerMessage(EventId = 1406, EventName = "IntrospectionCredentialsRefused", Level = LogLevel.Error,
        Message = "The issuer refused this service's client credentials at the introspection endpoint ({StatusCode}, client id {ClientId}): check ServiceAuth:ClientId and ServiceAuth:ClientSecret (or ServiceAuth:Introspection:ClientId and ClientSecret), and that the client may introspect.")]
    public static partial void IntrospectionCredentialsRefused(ILogger logger, int statusCode, string? clientId);

    [LoggerMessage(EventId = 1407, EventName = "IntrospectionCacheFull", Level = LogLevel.Warning,
        Message = "The introspection cache is full ({MaxEntries} live answers, ServiceAuth:Introspection:MaxCacheEntries): new answers are used but not kept until some expire.")]
    public static partial void IntrospectionCacheFull(ILogger logger, int maxEntries);

    [LoggerMessage(EventId = 1408, EventName = "IntrospectionAnswersPurged", Level = LogLevel.Debug,
        Message = "Revocation ({Reason}): {Count} cached introspection answers dropped.")]
    public static partial void IntrospectionAnswersPurged(ILogger logger, string reason, int count);
}
