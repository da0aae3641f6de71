using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>SPIFFE JWT-SVID bundles and tokens: event ids 1670-1689. Trust domain names and counts only: never a token or a key.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1670, EventName = "SpiffeBundleLoaded", Level = LogLevel.Information,
        Message = "JWT-SVID bundle of trust domain {TrustDomain} loaded: {KeyCount} JWT-SVID key(s), {IgnoredCount} other entries ignored, sequence {Sequence}; bundle version {Version}.")]
    public static partial void SpiffeBundleLoaded(ILogger logger, string trustDomain, int keyCount, int ignoredCount, long? sequence, long version);

    [LoggerMessage(EventId = 1671, EventName = "SpiffeBundleLoadFailed", Level = LogLevel.Warning,
        Message = "JWT-SVID bundle of trust domain {TrustDomain} could not be loaded ({Reason}); {Kept}.")]
    public static partial void SpiffeBundleLoadFailed(ILogger logger, string trustDomain, string reason, string kept);

    [LoggerMessage(EventId = 1672, EventName = "SpiffeBundleExpired", Level = LogLevel.Error,
        Message = "JWT-SVID bundle of trust domain {TrustDomain} dropped: not loaded successfully for {Age} (ServiceAuth:KeyMaxStaleness); its JWT-SVIDs answer 503 signing_keys_unavailable until a load succeeds.")]
    public static partial void SpiffeBundleExpired(ILogger logger, string trustDomain, TimeSpan age);

    [LoggerMessage(EventId = 1673, EventName = "SpiffeBundleWithoutJwtKeys", Level = LogLevel.Warning,
        Message = "JWT-SVID bundle of trust domain {TrustDomain} holds no usable JWT-SVID key ({IgnoredCount} entries ignored): its JWT-SVIDs are refused (unknown_signing_key).")]
    public static partial void SpiffeBundleWithoutJwtKeys(ILogger logger, string trustDomain, int ignoredCount);

    [LoggerMessage(EventId = 1674, EventName = "SpiffeBundleSequenceWentBack", Level = LogLevel.Warning,
        Message = "JWT-SVID bundle of trust domain {TrustDomain} has spiffe_sequence {Sequence}, lower than the {Previous} loaded before; its keys are used as published.")]
    public static partial void SpiffeBundleSequenceWentBack(ILogger logger, string trustDomain, long sequence, long previous);

    [LoggerMessage(EventId = 1675, EventName = "SpiffeBundleRefresherFailed", Level = LogLevel.Error,
        Message = "The JWT-SVID bundle refresher failed unexpectedly ({ExceptionType}); it carries on.")]
    public static partial void SpiffeBundleRefresherFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1676, EventName = "JwtSvidRefused", Level = LogLevel.Debug,
        Message = "JWT-SVID of trust domain {TrustDomain} refused: {Code}.")]
    public static partial void JwtSvidRefused(ILogger logger, string trustDomain, string code);
}
