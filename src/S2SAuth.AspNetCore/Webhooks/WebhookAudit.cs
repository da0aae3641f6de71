using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Authorization;
using S2SAuth.Http;
using S2SAuth.Logging;

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
    private readonly ILogger _logger;

    public WebhookAudit(TimeProvider time, ILogger<WebhookAudit> logger)
    {
        _time = time;
        _logger = logger;
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
        try
        {
            await http.RequestServices.GetRequiredService<IAuditSink>().WriteAsync(auditEvent, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing sink must not change the answer; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.AuditSinkFailed(_logger, ex.GetType().Name, auditEvent.Outcome, auditEvent.Activity, auditEvent.CorrelationId);
        }
    }
}
