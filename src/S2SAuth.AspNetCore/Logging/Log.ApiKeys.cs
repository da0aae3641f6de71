using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Log messages of API keys: 1760-1789. Only key ids (escaped when they came with the request) and client names, never a key or a hash.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1760, EventName = "ApiKeyRefused", Level = LogLevel.Debug,
        Message = "API key refused: {ErrorCode} (key id {KeyId}).")]
    public static partial void ApiKeyRefused(ILogger logger, string errorCode, string keyId);

    [LoggerMessage(EventId = 1761, EventName = "KnownApiKeyRefused", Level = LogLevel.Information,
        Message = "API key {KeyId} of client {Client} refused: {ErrorCode}.")]
    public static partial void KnownApiKeyRefused(ILogger logger, string keyId, string client, string errorCode);

    [LoggerMessage(EventId = 1762, EventName = "ApiKeysLoaded", Level = LogLevel.Information,
        Message = "API keys: {Clients} clients, {Keys} keys, read from the {Header} header.")]
    public static partial void ApiKeysLoaded(ILogger logger, int clients, int keys, string header);

    [LoggerMessage(EventId = 1763, EventName = "ApiKeysReloadRejected", Level = LogLevel.Error,
        Message = "The changed ServiceAuth:ApiKeys configuration is not valid; the keys in force stay: {Errors}")]
    public static partial void ApiKeysReloadRejected(ILogger logger, string errors);

    [LoggerMessage(EventId = 1764, EventName = "ApiKeyRevoked", Level = LogLevel.Warning,
        Message = "API key {KeyId} was revoked: this instance refuses it until restart. Remove it from ServiceAuth:ApiKeys: the shared store keeps a revocation only for the longest token lifetime.")]
    public static partial void ApiKeyRevoked(ILogger logger, string keyId);

    [LoggerMessage(EventId = 1765, EventName = "ApiKeysReloaded", Level = LogLevel.Information,
        Message = "API keys reloaded from configuration: {Clients} clients, {Keys} keys ({KeyIds}).")]
    public static partial void ApiKeysReloaded(ILogger logger, int clients, int keys, string keyIds);
}
