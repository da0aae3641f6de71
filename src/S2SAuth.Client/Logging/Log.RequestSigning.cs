using Microsoft.Extensions.Logging;

namespace S2SAuth.Client.Logging;

/// <summary>Outgoing request signing (event ids 2300–2319): client names, key ids, algorithms, hosts and reason codes, never a key, a secret, a signature or a body.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2300, EventName = "RequestSigningKeyLoaded", Level = LogLevel.Information,
        Message = "HttpClient {ClientName} signs its requests with key {KeyId} ({Algorithm}, from a {Source}).")]
    public static partial void SigningKeyLoaded(ILogger logger, string clientName, string keyId, string algorithm, string source);

    [LoggerMessage(EventId = 2301, EventName = "RequestSigningKeyReloadFailed", Level = LogLevel.Warning,
        Message = "The changed signing key of HttpClient {ClientName} (key {KeyId}) could not be loaded ({Key}: {Reason}); the last good key stays in use.")]
    public static partial void SigningKeyReloadFailed(ILogger logger, string clientName, string keyId, string key, string reason);

    [LoggerMessage(EventId = 2302, EventName = "SignedRequestRefused", Level = LogLevel.Warning,
        Message = "Outgoing call of HttpClient {ClientName} to {Host} not sent: it cannot be signed ({Reason}) (correlation {CorrelationId}).")]
    public static partial void SignedRequestRefused(ILogger logger, string clientName, string host, OutgoingCallRefusalReason reason, string correlationId);

    [LoggerMessage(EventId = 2303, EventName = "RequestSigned", Level = LogLevel.Debug,
        Message = "Outgoing call of HttpClient {ClientName} to {Host} signed with key {KeyId} ({Algorithm}, label {Label}, {BodyBytes} body bytes digested) (correlation {CorrelationId}).")]
    public static partial void RequestSigned(ILogger logger, string clientName, string host, string keyId, string algorithm, string label, int bodyBytes, string correlationId);
}
