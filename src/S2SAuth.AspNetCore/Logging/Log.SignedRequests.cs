using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Log messages of signed requests (RFC 9421): 1730-1759. Key ids and labels only, never keys, secrets, signatures or bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1730, EventName = "SignedRequestKeyLoaded", Level = LogLevel.Information,
        Message = "Signed-request key {KeyId} ({Algorithm}) proves service {ServiceId}.")]
    public static partial void SignedRequestKeyLoaded(ILogger logger, string keyId, string algorithm, string serviceId);

    [LoggerMessage(EventId = 1731, EventName = "SignedRequestKeySkipped", Level = LogLevel.Error,
        Message = "Signed-request key {KeyId} cannot be loaded and is not used (see the start-up validation of ServiceAuth:SignedRequests).")]
    public static partial void SignedRequestKeySkipped(ILogger logger, string keyId);

    [LoggerMessage(EventId = 1732, EventName = "SignedRequestRefused", Level = LogLevel.Information,
        Message = "Signed request refused: {ErrorCode} (key {KeyId}, label {Label}, correlation {CorrelationId}).")]
    public static partial void SignedRequestRefused(ILogger logger, string errorCode, string keyId, string label, string correlationId);

    [LoggerMessage(EventId = 1733, EventName = "SignedRequestAccepted", Level = LogLevel.Debug,
        Message = "Signed request accepted: key {KeyId} proves service {ServiceId} (label {Label}, correlation {CorrelationId}).")]
    public static partial void SignedRequestAccepted(ILogger logger, string keyId, string serviceId, string label, string correlationId);

    [LoggerMessage(EventId = 1734, EventName = "SignedRequestReplayed", Level = LogLevel.Warning,
        Message = "Signed request replayed: the nonce was already used with key {KeyId} (correlation {CorrelationId}).")]
    public static partial void SignedRequestReplayed(ILogger logger, string keyId, string correlationId);
}
