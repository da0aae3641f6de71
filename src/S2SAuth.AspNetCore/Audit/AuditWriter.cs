using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;

namespace S2SAuth.Audit;

/// <summary>
/// The background audit writer: drains the <see cref="AuditQueue"/> in batches of at most
/// <see cref="AuditOptions.MaxBatchSize"/> and writes them to the <see cref="AuditOutput"/>; after a batch smaller than
/// that, lets events gather for <see cref="AuditOptions.FlushInterval"/> (one wake-up per interval instead of one per
/// event). On graceful shutdown it closes the queue (later events are written by their requests), and the same loop
/// writes what is queued within <see cref="AuditOptions.ShutdownFlushTimeout"/>; what is left then (still queued, or in
/// the batch a stuck sink holds) is counted as dropped and reported. Only the loop ever reads the queue.
/// </summary>
internal sealed class AuditWriter : BackgroundService
{
    private readonly AuditQueue _queue;
    private readonly AuditOutput _output;
    private readonly AuditDrops _drops;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AuthorizationAuditEvent[] _batch;
    private readonly CancellationTokenSource _closing = new(); // ends the gathering delay at shutdown
    private readonly CancellationTokenSource _deadline; // cancelled ShutdownFlushTimeout after shutdown began
    private int _unwritten; // events of the batch being written not yet through the sink
    private volatile bool _abandoned;
    private int _stopped; // StopAsync may be called twice (StopAsync, then DisposeAsync): flush and count once

    public AuditWriter(AuditQueue queue, AuditOutput output, AuditDrops drops, IOptions<ServiceAuthOptions> options, TimeProvider time, ILogger<AuditWriter> logger)
    {
        _queue = queue;
        _output = output;
        _drops = drops;
        _options = options.Value.Audit;
        _time = time;
        _logger = logger;
        _batch = new AuthorizationAuditEvent[_options.MaxBatchSize];
        _deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _output.Open(); // a JSON file that cannot be opened fails the start, not the first request
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Close();
        if (Interlocked.Exchange(ref _stopped, 1) == 0 && _options.Mode == AuditMode.Background && ExecuteTask is { IsCompleted: false } loop)
        {
            _deadline.CancelAfter(_options.ShutdownFlushTimeout);
            await _closing.CancelAsync().ConfigureAwait(false);
            using var hostGaveUp = cancellationToken.Register(static d => ((CancellationTokenSource)d!).Cancel(), _deadline);
            try
            {
                // The loop drains the closed queue and ends; a sink that ignores its token is waited for until the deadline.
                await loop.WaitAsync(Timeout.InfiniteTimeSpan, _time, _deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
            {
                _abandoned = true;
            }

            var left = _queue.Reader.Count + Volatile.Read(ref _unwritten);
            if (left > 0)
            {
                Log.AuditShutdownFlushTimedOut(_logger, left, _options.ShutdownFlushTimeout);
                _drops.Add(left, "shutdown_timeout");
            }
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _drops.Report();
    }

    public override void Dispose()
    {
        _closing.Dispose();
        _deadline.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Mode != AuditMode.Background)
        {
            return;
        }

        // Not stoppingToken: the loop ends when the closed queue is empty (or the shutdown deadline passed), not at the
        // first sign of shutdown, so that what is queued is written.
        try
        {
            while (!_abandoned && await _queue.Reader.WaitToReadAsync(_deadline.Token).ConfigureAwait(false))
            {
                int count;
                do
                {
                    count = await WriteBatchAsync().ConfigureAwait(false);
                }
                while (count == _batch.Length && !_abandoned);

                _drops.ReportIfDue();
                if (_options.FlushInterval > TimeSpan.Zero && !_closing.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(_options.FlushInterval, _time, _closing.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (_closing.IsCancellationRequested)
                    {
                        // Shutdown: write what is queued now.
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
        {
            // The shutdown deadline passed: StopAsync counts what is left.
        }
    }

    private async Task<int> WriteBatchAsync()
    {
        var count = 0;
        while (count < _batch.Length && _queue.Reader.TryRead(out var auditEvent))
        {
            _batch[count++] = auditEvent;
        }

        Volatile.Write(ref _unwritten, count);
        try
        {
            var done = await _output.WriteBatchAsync(new ArraySegment<AuthorizationAuditEvent>(_batch, 0, count), _deadline.Token).ConfigureAwait(false);
            Volatile.Write(ref _unwritten, count - done);
            _deadline.Token.ThrowIfCancellationRequested();
            Volatile.Write(ref _unwritten, 0);
        }
        finally
        {
            Array.Clear(_batch, 0, count);
        }

        return count;
    }
}
