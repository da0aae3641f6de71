using Microsoft.Extensions.Logging;
using S2SAuth.Logging;

namespace S2SAuth.Audit;

/// <summary>The default <see cref="IAuditSink"/>: one structured log event per decision, category <c>S2SAuth.Audit</c>.</summary>
internal sealed class LoggingAuditSink : IAuditSink
{
    public const string Category = "S2SAuth.Audit";

    private readonly ILogger _logger;

    public LoggingAuditSink(ILoggerFactory loggerFactory) => _logger = loggerFactory.CreateLogger(Category);

    public ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        Log.AuthorizationDecision(_logger, auditEvent.Outcome, auditEvent.Activity, auditEvent.ReasonCode, auditEvent.ServiceId, auditEvent.UserId,
            auditEvent.TenantId, auditEvent.RequestedTenantId, auditEvent.CrossTenant, auditEvent.Endpoint, auditEvent.CorrelationId, auditEvent.RequestId);
        return ValueTask.CompletedTask;
    }
}
