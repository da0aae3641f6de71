using System.Collections.Concurrent;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>An <see cref="IAuditSink"/> that keeps every event, for assertions by correlation id.</summary>
public sealed class AuditCapture : IAuditSink
{
    public ConcurrentQueue<AuthorizationAuditEvent> Events { get; } = new();

    public ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(auditEvent);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<AuthorizationAuditEvent> For(string correlationId) =>
        Events.Where(e => e.CorrelationId == correlationId).ToList();

    /// <summary>The one event of a request; fails when there is none or more than one.</summary>
    public AuthorizationAuditEvent Single(string correlationId) => Assert.Single(For(correlationId));
}
