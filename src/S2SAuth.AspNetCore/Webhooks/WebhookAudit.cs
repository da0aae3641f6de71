using Microsoft.AspNetCore.Http;
using S2SAuth.Audit;
using S2SAuth.Authorization;
using S2SAuth.Http;

namespace S2SAuth.Webhooks;

/// <summary>
/// Writes one <see cref="AuthorizationAuditEvent"/> per webhook delivery to the <see cref="IAuditSink"/>: activity
/// <c>webhook:{provider}</c>, outcome Allowed (delivered), Duplicate or Denied (refused) with its code, the escaped event
/// id. Never the secret, the signature or the body.
/// </summary>
internal sealed class WebhookAudit
{
    /// <summary>The prefix of a webhook audit event's activity.</summary>
    public const string ActivityPrefix = "webhook:";

    private readonly TimeProvider _time;
    private readonly AuditTrail _audit;

    public WebhookAudit(TimeProvider time, AuditTrail audit)
    {
        _time = time;
        _audit = audit;
    }

    public async ValueTask RecordAsync(HttpContext http, string provider, string? eventId, AuditOutcome outcome, string? code, int? status, string? tenantId)
    {
        var auth = http.GetServiceAuthContext();
        var auditEvent = new AuthorizationAuditEvent
        {
            Timestamp = _time.GetUtcNow(),
            Activity = ActivityPrefix + provider,
            Outcome = outcome,
            ReasonCode = code,
            StatusCode = status,
            TenantId = tenantId,
            WebhookEventId = RequestText.Escape(eventId, 256),
            CorrelationId = auth?.Correlation.CorrelationId ?? string.Empty,
            RequestId = auth?.Correlation.RequestId ?? string.Empty,
            Endpoint = EndpointRules.For(http.GetEndpoint()).Name(http.Request),
        };
        await _audit.RecordAsync(http, auditEvent).ConfigureAwait(false);
    }
}
