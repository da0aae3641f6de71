using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Receiving-side idempotency (event ids 1500–1599). Never the key, a header value or a body.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1501, EventName = "IdempotencyReplayed", Level = LogLevel.Information,
        Message = "Replayed the stored {StatusCode} response of an idempotent call instead of running the endpoint again (correlation {CorrelationId}).")]
    public static partial void IdempotencyReplayed(ILogger logger, int statusCode, string correlationId);

    [LoggerMessage(EventId = 1502, EventName = "IdempotencyStored", Level = LogLevel.Debug,
        Message = "Stored the {StatusCode} response ({BodyBytes} body bytes) of an idempotent call for {Lifetime} (correlation {CorrelationId}).")]
    public static partial void IdempotencyStored(ILogger logger, int statusCode, int bodyBytes, TimeSpan lifetime, string correlationId);

    [LoggerMessage(EventId = 1503, EventName = "IdempotencyKeyReused", Level = LogLevel.Warning,
        Message = "An idempotency key of service {ServiceId} came again with a different request (method, path, query or body); refused with 422 idempotency_key_reused (correlation {CorrelationId}).")]
    public static partial void IdempotencyKeyReused(ILogger logger, string? serviceId, string correlationId);

    [LoggerMessage(EventId = 1504, EventName = "IdempotencyStoreFailed", Level = LogLevel.Error,
        Message = "The idempotency store failed to {Operation} ({ExceptionType}); the call is refused with 503 idempotency_store_unavailable and the endpoint does not run (correlation {CorrelationId}).")]
    public static partial void IdempotencyStoreFailed(ILogger logger, string operation, string exceptionType, string correlationId);

    [LoggerMessage(EventId = 1505, EventName = "IdempotencyResponseTooLarge", Level = LogLevel.Warning,
        Message = "The {StatusCode} response of an idempotent call has {BodyBytes} body bytes, more than ServiceAuth:Idempotency:MaxResponseBytes ({MaxResponseBytes}): only its status is kept, and a retry gets 409 idempotency_response_not_stored (correlation {CorrelationId}).")]
    public static partial void IdempotencyResponseTooLarge(ILogger logger, int statusCode, long bodyBytes, int maxResponseBytes, string correlationId);

    [LoggerMessage(EventId = 1506, EventName = "IdempotencyKeyReleased", Level = LogLevel.Information,
        Message = "The idempotent call ended with {Outcome}: nothing is stored and its key is released, so a retry runs the endpoint again (correlation {CorrelationId}).")]
    public static partial void IdempotencyKeyReleased(ILogger logger, string outcome, string correlationId);

    [LoggerMessage(EventId = 1507, EventName = "IdempotencyResponseNotSaved", Level = LogLevel.Error,
        Message = "The response of an idempotent call could not be stored ({Reason}); a retry is answered 409 until the claim expires (ServiceAuth:Idempotency:InProgressLifetime), then runs the endpoint again (correlation {CorrelationId}).")]
    public static partial void IdempotencyResponseNotSaved(ILogger logger, string reason, string correlationId);

    [LoggerMessage(EventId = 1508, EventName = "IdempotencyStoreFull", Level = LogLevel.Warning,
        Message = "The in-memory idempotency store is full ({EntryCount} keys, {ByteCount} bytes, none expired): new keys are refused with 503 until keys expire (ServiceAuth:Idempotency:MemoryMaxEntries, MemoryMaxBytes).")]
    public static partial void IdempotencyStoreFull(ILogger logger, int entryCount, long byteCount);

    [LoggerMessage(EventId = 1509, EventName = "IdempotencyKeyMissingAllowed", Level = LogLevel.Debug,
        Message = "A state-changing call to an idempotent endpoint came without Idempotency-Key; it runs unprotected (ServiceAuth:Idempotency:RequireKey is false) (correlation {CorrelationId}).")]
    public static partial void IdempotencyKeyMissingAllowed(ILogger logger, string correlationId);
}
