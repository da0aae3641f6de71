using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>Log events of the background audit pipeline: ids 3010–3029. Counts and reasons only, never an event's content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3010, EventName = "AuditEventsDropped", Level = LogLevel.Warning,
        Message = "{Count} audit events were not written ({Reason}, the last of them); see the s2sauth.audit.dropped counter. This warning is written at most once per {Interval}.")]
    public static partial void AuditEventsDropped(ILogger logger, long count, string reason, TimeSpan interval);

    [LoggerMessage(EventId = 3011, EventName = "AuditBatchFailed", Level = LogLevel.Error,
        Message = "The audit sink {Sink} failed with {ExceptionType}; {Count} audit events were not written.")]
    public static partial void AuditBatchFailed(ILogger logger, string sink, string exceptionType, int count);

    [LoggerMessage(EventId = 3012, EventName = "AuditShutdownFlushTimedOut", Level = LogLevel.Error,
        Message = "Shutdown: {Count} queued audit events were not written within ShutdownFlushTimeout ({Timeout}).")]
    public static partial void AuditShutdownFlushTimedOut(ILogger logger, int count, TimeSpan timeout);
}
