namespace Billing.Logging;

/// <summary>Billing's log events (5400–5499). Ids and counts only: never a token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Reconciliation {CorrelationId} of {TenantId}: {Checked} invoices checked, {Mismatched} mismatched")]
    public static partial void ReconciliationCompleted(ILogger logger, string correlationId, string tenantId, int @checked, int mismatched);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Warning, Message = "Reconciliation {CorrelationId} of {TenantId} refused by Pricing: {Status} {Code}")]
    public static partial void ReconciliationRefused(ILogger logger, string correlationId, string tenantId, int status, string code);

    [LoggerMessage(EventId = 5403, Level = LogLevel.Warning, Message = "Reconciliation of {TenantId} failed: {ExceptionType}")]
    public static partial void ReconciliationFailed(ILogger logger, string tenantId, string exceptionType);
}
