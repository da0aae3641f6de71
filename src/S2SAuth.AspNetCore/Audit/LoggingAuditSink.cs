using Microsoft.Extensions.Logging;
using S2SAuth.Http;
using S2SAuth.Logging;

namespace S2SAuth.Audit;

/// <summary>The default <see cref="IAuditSink"/>: one structured log event per decision, category <c>S2SAuth.Audit</c>.</summary>
internal sealed class LoggingAuditSink : IAuditSink
{
    public const string Category = "S2SAuth.Audit";

    private const int MaxActorLength = 256;

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
        var actors = ActorsField(auditEvent.Actors);
        var tenantId = RequestText.Escape(auditEvent.TenantId);
        var requestedTenantId = RequestText.Escape(auditEvent.RequestedTenantId);
        var endpoint = RequestText.Escape(auditEvent.Endpoint)!;
        Log.AuthorizationDecision(_logger, auditEvent.Outcome, auditEvent.Activity, auditEvent.ReasonCode, serviceId, auditEvent.ServiceCredential, userId, actors, tenantId, requestedTenantId,
            auditEvent.CrossTenant, endpoint, auditEvent.CorrelationId, auditEvent.RequestId);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The delegation chain as one field: the actors most recent first, joined by <c>&lt;</c> ("received from"), e.g.
    /// <c>orders-service&lt;billing-worker</c>; each id escaped, and a <c>&lt;</c> inside an id written <c>\u003C</c>, so
    /// no id can forge another actor. <see langword="null"/> without a chain.
    /// </summary>
    internal static string? ActorsField(IReadOnlyList<string>? actors)
    {
        if (actors is not { Count: > 0 })
        {
            return null;
        }

        var parts = new string[actors.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = RequestText.Escape(actors[i], MaxActorLength)!.Replace("<", "\\u003C", StringComparison.Ordinal);
        }

        return string.Join('<', parts);
    }
}
