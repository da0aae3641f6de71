using System.Collections.Concurrent;
using S2SAuth;

namespace Demo.Infrastructure;

/// <summary>
/// Every service's audit events, in the order they were decided. Each service gets a sink through S2SAuth's
/// <see cref="IAuditSink"/> extension point, exactly as a team would ship its events to an audit store.
/// </summary>
public sealed class AuditTrail
{
    private readonly ConcurrentQueue<AuditRecord> _records = new();

    public IReadOnlyList<AuditRecord> All => [.. _records];

    public IAuditSink SinkFor(string service) => new Sink(this, service);

    /// <summary>The events of one workflow, across all services.</summary>
    public IReadOnlyList<AuditRecord> For(string correlationId) =>
        [.. _records.Where(r => r.Event.CorrelationId == correlationId)];

    private sealed class Sink(AuditTrail trail, string service) : IAuditSink
    {
        public ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken)
        {
            trail._records.Enqueue(new AuditRecord(service, auditEvent));
            return ValueTask.CompletedTask;
        }
    }
}
