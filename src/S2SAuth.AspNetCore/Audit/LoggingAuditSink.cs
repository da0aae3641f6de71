using Microsoft.Extensions.Logging;
using S2SAuth.Http;
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
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return ValueTask.CompletedTask;
        }

        if (auditEvent.Activity.StartsWith(S2SAuth.Webhooks.WebhookAudit.ActivityPrefix, StringComparison.Ordinal))
        {
            // A webhook delivery: the event id is already escaped; the tenant came from the endpoint's resolver.
            var webhookTenant = RequestText.Escape(auditEvent.TenantId);
            var webhookEndpoint = RequestText.Escape(auditEvent.Endpoint)!;
            Log.WebhookAudit(_logger, auditEvent.Outcome, auditEvent.Activity, auditEvent.ReasonCode, auditEvent.WebhookEventId,
                webhookTenant, webhookEndpoint, auditEvent.CorrelationId, auditEvent.RequestId);
            return ValueTask.CompletedTask;
        }

        // Request text in the event is already log-safe (requested tenant, endpoint method, correlation ids); the ids from
        // the tokens are the issuer's, and escaped all the same so that no field can start a line of its own.
        var serviceId = RequestText.Escape(auditEvent.ServiceId);
        var userId = RequestText.Escape(auditEvent.UserId);
        var tenantId = RequestText.Escape(auditEvent.TenantId);
        var requestedTenantId = RequestText.Escape(auditEvent.RequestedTenantId);
        var endpoint = RequestText.Escape(auditEvent.Endpoint)!;
        Log.AuthorizationDecision(_logger, auditEvent.Outcome, auditEvent.Activity, auditEvent.ReasonCode, serviceId, auditEvent.ServiceCredential, userId, tenantId, requestedTenantId,
            auditEvent.CrossTenant, endpoint, auditEvent.CorrelationId, auditEvent.RequestId);
        return ValueTask.CompletedTask;
    }
}
