using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using S2SAuth.Audit;
using S2SAuth.Telemetry;

namespace S2SAuth.Authorization;

/// <summary>Writes one decision everywhere it belongs: the audit sink, the metrics, and the current trace activity.</summary>
internal sealed class DecisionRecorder
{
    private readonly AuthorizationMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly AuditTrail _audit;

    public DecisionRecorder(AuthorizationMetrics metrics, TimeProvider time, AuditTrail audit)
    {
        _metrics = metrics;
        _time = time;
        _audit = audit;
    }

    public async ValueTask RecordAsync(HttpContext http, ServiceAuthContext? auth, ActivityDecision decision, EndpointRules endpoint, TimeSpan elapsed)
    {
        _metrics.Record(decision.Activity, decision.Allowed, decision.Code, decision.CrossTenant, elapsed);
        TagTrace(auth, decision);

        var auditEvent = new AuthorizationAuditEvent
        {
            Timestamp = _time.GetUtcNow(),
            Activity = decision.Activity,
            Outcome = decision.Allowed ? AuditOutcome.Allowed : AuditOutcome.Denied,
            ReasonCode = decision.Code,
            StatusCode = decision.Allowed ? null : decision.Status,
            ServiceId = auth?.Service?.ServiceId,
            ServiceCredential = auth?.Service?.Credential,
            UserId = auth?.User?.UserId,
            Actors = auth?.User?.Actors is { Count: > 0 } actors ? actors : null,
            TenantId = auth?.Tenant.TenantId,
            RequestedTenantId = decision.RequestedTenantId,
            CrossTenant = decision.CrossTenant,
            CorrelationId = auth?.Correlation.CorrelationId ?? string.Empty,
            RequestId = auth?.Correlation.RequestId ?? string.Empty,
            Endpoint = endpoint.Name(http.Request),
        };
        await _audit.RecordAsync(http, auditEvent).ConfigureAwait(false); // queued for the background writer by default
    }

    private static void TagTrace(ServiceAuthContext? auth, ActivityDecision decision)
    {
        if (Activity.Current is not { IsAllDataRequested: true } trace)
        {
            return;
        }

        trace.SetTag(ServiceAuthTelemetry.ServiceIdTag, auth?.Service?.ServiceId);
        trace.SetTag(ServiceAuthTelemetry.UserIdTag, auth?.User?.UserId);
        trace.SetTag(ServiceAuthTelemetry.TenantIdTag, auth?.Tenant.TenantId);
        trace.SetTag(ServiceAuthTelemetry.ActivityTag, decision.Activity);
        trace.SetTag(ServiceAuthTelemetry.OutcomeTag, decision.Allowed ? "allowed" : "denied");
        trace.SetTag(ServiceAuthTelemetry.ReasonTag, decision.Code);
        if (decision.CrossTenant)
        {
            trace.SetTag(ServiceAuthTelemetry.CrossTenantTag, true);
        }
    }
}
