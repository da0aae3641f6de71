using System.Collections.Concurrent;

namespace S2SAuth.AspNetCore.Tests.Audit.Pipeline;

/// <summary>An <see cref="IAuditSink"/> that throws (as a full disk would) for the correlation ids in <see cref="FailFor"/> and keeps the rest.</summary>
public sealed class ThrowingSink : IAuditSink
{
    public ConcurrentDictionary<string, bool> FailFor { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<AuthorizationAuditEvent> Events { get; } = new();

    public ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        if (FailFor.ContainsKey(auditEvent.CorrelationId))
        {
            throw new IOException("No space left on device");
        }

        Events.Enqueue(auditEvent);
        return ValueTask.CompletedTask;
    }
}
