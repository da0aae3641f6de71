using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;

namespace S2SAuth.Audit;

/// <summary>
/// The background audit writer: drains the <see cref="AuditQueue"/> in batches of at most
/// <see cref="AuditOptions.MaxBatchSize"/> and writes them to the <see cref="AuditOutput"/>; after a batch smaller than
/// that, lets events gather for <see cref="AuditOptions.FlushInterval"/> (one wake-up per interval instead of one per
/// event). On graceful shutdown it closes the queue (later events are written by their requests) and writes what is
/// queued within <see cref="AuditOptions.ShutdownFlushTimeout"/>; what is left then is counted as dropped.
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

    public AuditWriter(AuditQueue queue, AuditOutput output, AuditDrops drops, IOptions<ServiceAuthOptions> options, TimeProvider time, ILogger<AuditWriter> logger)
    {
        _queue = queue;
        _output = output;
        _drops = drops;
        _options = options.Value.Audit;
        _time = time;
        _logger = logger;
        _batch = new AuthorizationAuditEvent[_options.MaxBatchSize];
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _output.Open(); // a JSON file that cannot be opened fails the start, not the first request
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Close();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
        _drops.Report();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Mode != AuditMode.Background)
        {
            return;
        }

        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                int count;
                do
                {
                    count = await WriteBatchAsync(CancellationToken.None).ConfigureAwait(false);
                }
                while (count == _batch.Length && !stoppingToken.IsCancellationRequested);

                _drops.ReportIfDue();
                if (_options.FlushInterval > TimeSpan.Zero)
                {
                    await Task.Delay(_options.FlushInterval, _time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: StopAsync writes what is left.
        }
    }

    private async Task FlushAsync()
    {
        using var timeout = new CancellationTokenSource(_options.ShutdownFlushTimeout, _time);
        while (_queue.Reader.Count > 0 && !timeout.IsCancellationRequested)
        {
            await WriteBatchAsync(timeout.Token).ConfigureAwait(false);
        }

        var left = 0;
        while (_queue.Reader.TryRead(out _))
        {
            left++;
        }

        if (left > 0)
        {
            Log.AuditShutdownFlushTimedOut(_logger, left, _options.ShutdownFlushTimeout);
            _drops.Add(left, "shutdown_timeout");
        }
    }

    private async Task<int> WriteBatchAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        while (count < _batch.Length && _queue.Reader.TryRead(out var auditEvent))
        {
            _batch[count++] = auditEvent;
        }

        try
        {
            await _output.WriteBatchAsync(new ArraySegment<AuthorizationAuditEvent>(_batch, 0, count), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Array.Clear(_batch, 0, count);
        }

        return count;
    }
}
