namespace S2SAuth;

/// <summary>
/// Receives exactly one <see cref="AuthorizationAuditEvent"/> per <c>RequireActivity</c> decision, allowed or denied.
/// The default writes a structured log event (category <c>S2SAuth.Audit</c>, event id 3001); register your own
/// singleton to send events elsewhere. Events never hold a token. A sink that throws is logged and does not change
/// the decision.
/// </summary>
public interface IAuditSink
{
    /// <summary>Records one decision. Called on the request path: keep it fast (queue slow work).</summary>
    ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken);
}
