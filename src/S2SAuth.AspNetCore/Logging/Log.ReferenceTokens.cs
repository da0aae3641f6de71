using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Reference (opaque) tokens accepted through introspection: event ids 1410-1419. Never a token or an answer's text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1410, EventName = "ReferenceTokenAccepted", Level = LogLevel.Debug,
        Message = "{TokenKind} reference token accepted: the issuer's introspection says it is active and its claims meet the rules.")]
    public static partial void ReferenceTokenAccepted(ILogger logger, string tokenKind);

    [LoggerMessage(EventId = 1411, EventName = "ReferenceTokenInactive", Level = LogLevel.Warning,
        Message = "{TokenKind} reference token refused: the issuer's introspection says it is not active (token_inactive).")]
    public static partial void ReferenceTokenInactive(ILogger logger, string tokenKind);

    [LoggerMessage(EventId = 1412, EventName = "ReferenceTokenUnavailable", Level = LogLevel.Error,
        Message = "{TokenKind} reference token refused: no usable introspection answer from the issuer ({Reason}); answering 503 introspection_unavailable.")]
    public static partial void ReferenceTokenUnavailable(ILogger logger, string tokenKind, string reason);

    [LoggerMessage(EventId = 1413, EventName = "ReferenceCallLimitReached", Level = LogLevel.Warning,
        Message = "A reference token was refused without a call: {Limit} introspection calls for reference tokens are already in flight (ServiceAuth:Introspection:MaxConcurrentReferenceCalls).")]
    public static partial void ReferenceCallLimitReached(ILogger logger, int limit);

    [LoggerMessage(EventId = 1414, EventName = "ReferenceTokenMalformed", Level = LogLevel.Debug,
        Message = "{TokenKind} token refused without a call: it is neither a JWS nor a well-formed reference token (RFC 6750 b64token).")]
    public static partial void ReferenceTokenMalformed(ILogger logger, string tokenKind);

    [LoggerMessage(EventId = 1415, EventName = "ReferenceTokenIssuerMismatch", Level = LogLevel.Warning,
        Message = "{TokenKind} reference token refused: the introspection answer's {Claim} does not match this service's issuer or audience.")]
    public static partial void ReferenceTokenIssuerMismatch(ILogger logger, string tokenKind, string claim);
}
