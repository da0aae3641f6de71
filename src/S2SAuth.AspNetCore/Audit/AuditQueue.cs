using System.Threading.Channels;
using Microsoft.Extensions.Options;
using S2SAuth.Telemetry;

namespace S2SAuth.Audit;

/// <summary>
/// The bounded queue between the request threads (many writers) and the background <see cref="AuditWriter"/> (one
/// reader). Holds at most <see cref="AuditOptions.QueueCapacity"/> events; closed at shutdown, after which requests
/// write their events themselves.
/// </summary>
internal sealed class AuditQueue
{
    private readonly Channel<AuthorizationAuditEvent> _channel;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxWait;
    private volatile bool _closed;

    public AuditQueue(IOptions<ServiceAuthOptions> options, AuditMetrics metrics, TimeProvider time)
    {
        var audit = options.Value.Audit;
        _time = time;
        _maxWait = audit.MaxQueueWait;
        _channel = Channel.CreateBounded<AuthorizationAuditEvent>(new BoundedChannelOptions(audit.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        metrics.ObserveDepth(() => _channel.Reader.Count);
    }

    public ChannelReader<AuthorizationAuditEvent> Reader => _channel.Reader;

    public bool IsClosed => _closed;

    /// <summary>Queues the event when there is room; never waits.</summary>
    public bool TryEnqueue(AuthorizationAuditEvent auditEvent) => _channel.Writer.TryWrite(auditEvent);

    /// <summary>
    /// Waits for room for at most <see cref="AuditOptions.MaxQueueWait"/>: <see langword="true"/> when queued,
    /// <see langword="false"/> when the wait ran out or the queue was closed meanwhile (see <see cref="IsClosed"/>).
    /// </summary>
    public async ValueTask<bool> WaitToEnqueueAsync(AuthorizationAuditEvent auditEvent)
    {
        using var timeout = new CancellationTokenSource(_maxWait, _time);
        try
        {
            while (await _channel.Writer.WaitToWriteAsync(timeout.Token).ConfigureAwait(false))
            {
                if (_channel.Writer.TryWrite(auditEvent))
                {
                    return true;
                }
            }

            return false;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>No more events are queued; the reader still drains what is there.</summary>
    public void Close()
    {
        _closed = true;
        _channel.Writer.TryComplete();
    }
}
