using Microsoft.Extensions.Logging;

namespace S2SAuth.Logging;

/// <summary>
/// Log events of authorization, audit and permission sources: ids 3000–3999. The audit line itself (3001, and 1707 for a
/// webhook delivery) is written by <see cref="Audit.LoggingAuditSink"/> with its own lean state.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3002, EventName = "AuditSinkFailed", Level = LogLevel.Error,
        Message = "The audit sink failed with {ExceptionType} for a {Outcome} decision on {Activity} (correlation {CorrelationId}).")]
    public static partial void AuditSinkFailed(ILogger logger, string exceptionType, AuditOutcome outcome, string activity, string correlationId);

    [LoggerMessage(EventId = 3101, EventName = "PermissionSourceFailed", Level = LogLevel.Warning,
        Message = "The permission source could not answer for activity {Activity}: {Reason}. The request is refused (correlation {CorrelationId}).")]
    public static partial void PermissionSourceFailed(ILogger logger, string activity, string reason, string correlationId);

    [LoggerMessage(EventId = 3102, EventName = "RemotePermissionCallFailed", Level = LogLevel.Warning,
        Message = "The remote permission service did not answer: {Reason}.")]
    public static partial void RemotePermissionCallFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3201, EventName = "ObjectRuleFailed", Level = LogLevel.Error,
        Message = "The object rule of {Endpoint} threw {ExceptionType}; the request is refused (correlation {CorrelationId}).")]
    public static partial void ObjectRuleFailed(ILogger logger, string endpoint, string exceptionType, string correlationId);

    [LoggerMessage(EventId = 3202, EventName = "EndpointRulesWithoutActivity", Level = LogLevel.Error,
        Message = "Endpoint {Endpoint} declares S2SAuth tenant or object rules but no RequireActivity; every request to it is refused.")]
    public static partial void EndpointRulesWithoutActivity(ILogger logger, string endpoint);
}
