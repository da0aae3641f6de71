using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace S2SAuth.Audit;

/// <summary>
/// The request side of audit: hands one event to the background queue (the default, no formatting on the request
/// thread), or writes it on the request thread (synchronous mode, a full queue with
/// <see cref="AuditOverflowPolicy.WriteSynchronously"/>, or once the writer has stopped). Never throws for a sink's
/// failure; a cancelled request's cancellation passes through.
/// </summary>
internal sealed class AuditTrail
{
    private readonly AuditQueue _queue;
    private readonly AuditOutput _output;
    private readonly AuditDrops _drops;
    private readonly bool _background;
    private readonly AuditOverflowPolicy _onQueueFull;

    public AuditTrail(AuditQueue queue, AuditOutput output, AuditDrops drops, IOptions<ServiceAuthOptions> options)
    {
        _queue = queue;
        _output = output;
        _drops = drops;
        _background = options.Value.Audit.Mode == AuditMode.Background;
        _onQueueFull = options.Value.Audit.OnQueueFull;
    }

    public ValueTask RecordAsync(HttpContext http, AuthorizationAuditEvent auditEvent)
    {
        if (_background && _queue.TryEnqueue(auditEvent))
        {
            return ValueTask.CompletedTask;
        }

        return _background && !_queue.IsClosed
            ? OverflowAsync(http, auditEvent)
            : _output.WriteOneAsync(http.RequestServices, auditEvent, http.RequestAborted);
    }

    private async ValueTask OverflowAsync(HttpContext http, AuthorizationAuditEvent auditEvent)
    {
        switch (_onQueueFull)
        {
            case AuditOverflowPolicy.DropNewest:
                _drops.Add(1, "queue_full");
                return;
            case AuditOverflowPolicy.Wait:
                if (await _queue.WaitToEnqueueAsync(auditEvent).ConfigureAwait(false))
                {
                    return;
                }

                if (!_queue.IsClosed)
                {
                    _drops.Add(1, "wait_timeout");
                    return;
                }

                break; // closed while waiting: the writer has stopped, so this request writes its own event
        }

        await _output.WriteOneAsync(http.RequestServices, auditEvent, http.RequestAborted).ConfigureAwait(false);
    }
}
