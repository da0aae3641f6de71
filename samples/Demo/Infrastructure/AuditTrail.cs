using System.Collections.Concurrent;
using S2SAuth;

namespace Demo.Infrastructure;

/// <summary>
/// Every service's audit events, in the order they were decided. Each service gets a sink through S2SAuth's
/// <see cref="IAuditSink"/> extension point, exactly as a team would ship its events to an audit store. S2SAuth writes
/// them off the request path (its background writer, every <c>ServiceAuth:Audit:FlushInterval</c>, 100 ms by default),
/// so an event arrives shortly after its response: <see cref="For"/> waits until the trail has been quiet for a moment.
/// </summary>
public sealed class AuditTrail
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);
    private readonly ConcurrentQueue<AuditRecord> _records = new();
    private long _lastWrite = Environment.TickCount64;

    public IReadOnlyList<AuditRecord> All => [.. _records];

    public IAuditSink SinkFor(string service) => new Sink(this, service);

    /// <summary>The events of one workflow, across all services, once the writers have caught up.</summary>
    public IReadOnlyList<AuditRecord> For(string correlationId)
    {
        var deadline = Environment.TickCount64 + (long)MaxWait.TotalMilliseconds;
        while (Environment.TickCount64 - Interlocked.Read(ref _lastWrite) < (long)Quiet.TotalMilliseconds && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(25);
        }

        // The responses came before this call; their events are queued then, and written within a flush interval.
        Thread.Sleep(Quiet);
        // Each service writes its own events in order; across services the decision time restores the order of decisions.
        return [.. _records.Where(r => r.Event.CorrelationId == correlationId).OrderBy(r => r.Event.Timestamp)];
    }

    private sealed class Sink(AuditTrail trail, string service) : IAuditSink
    {
        public ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken)
        {
            trail._records.Enqueue(new AuditRecord(service, auditEvent));
            Interlocked.Exchange(ref trail._lastWrite, Environment.TickCount64);
            return ValueTask.CompletedTask;
        }
    }
}
