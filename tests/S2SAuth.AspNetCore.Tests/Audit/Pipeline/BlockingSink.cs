using System.Collections.Concurrent;

namespace S2SAuth.AspNetCore.Tests.Audit.Pipeline;

/// <summary>An <see cref="IAuditSink"/> that keeps every event and, while closed, holds each write until <see cref="Open"/>.</summary>
public sealed class BlockingSink : IAuditSink
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BlockingSink(bool open = false)
    {
        if (open)
        {
            _open.SetResult();
        }
    }

    public ConcurrentQueue<AuthorizationAuditEvent> Events { get; } = new();

    /// <summary>Completes when the first write has started (and, while closed, is held).</summary>
    public Task Entered => _entered.Task;

    public void Open() => _open.TrySetResult();

    public async ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        Events.Enqueue(auditEvent);
    }
}
