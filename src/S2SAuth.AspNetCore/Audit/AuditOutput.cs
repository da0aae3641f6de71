using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;
using S2SAuth.Telemetry;

namespace S2SAuth.Audit;

/// <summary>
/// Where audit events end: the application's <see cref="IAuditSink"/> when it registered one, else the built-in sink
/// chosen by <see cref="AuditOptions.Sink"/> (the logger, or the JSON-lines writer to standard output or a file).
/// Counts what it wrote and what failed; a failing sink never changes a decision.
/// </summary>
internal sealed class AuditOutput : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly AuditOptions _options;
    private readonly AuditMetrics _metrics;
    private readonly AuditDrops _drops;
    private readonly ILogger _logger;
    private readonly Lazy<JsonLinesAuditWriter?> _json;
    private AsyncServiceScope? _writerScope;
    private IAuditSink? _writerSink;

    public AuditOutput(IServiceProvider services, IOptions<ServiceAuthOptions> options, AuditMetrics metrics, AuditDrops drops, ILogger<AuditOutput> logger)
    {
        _services = services;
        _options = options.Value.Audit;
        _metrics = metrics;
        _drops = drops;
        _logger = logger;
        _json = new Lazy<JsonLinesAuditWriter?>(OpenJson, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Opens the built-in JSON sink's stream, if that is the sink: at start-up, so a bad path fails the start.</summary>
    public void Open()
    {
        if (_options.Sink == AuditSinkKind.Logger)
        {
            return;
        }

        using var scope = _services.CreateScope();
        if (scope.ServiceProvider.GetService<IAuditSink>() is LoggingAuditSink)
        {
            _ = _json.Value;
        }
    }

    /// <summary>
    /// Writes one event on the calling (request) thread: synchronous mode, a full queue with
    /// <see cref="AuditOverflowPolicy.WriteSynchronously"/>, or after the writer stopped. The application's sink is the
    /// request's, as before the background writer.
    /// </summary>
    public async ValueTask WriteOneAsync(IServiceProvider requestServices, AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var sink = requestServices.GetRequiredService<IAuditSink>();
        try
        {
            if (sink is LoggingAuditSink && _json.Value is { } json)
            {
                json.Write([auditEvent]);
            }
            else
            {
                await sink.WriteAsync(auditEvent, cancellationToken).ConfigureAwait(false);
            }

            _metrics.Written(1);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing sink must not change the decision; it is logged and counted.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.AuditSinkFailed(_logger, ex.GetType().Name, auditEvent.Outcome, auditEvent.Activity, auditEvent.CorrelationId);
            _drops.Add(1, "sink_failed");
        }
    }

    /// <summary>
    /// Writes a batch on the background writer's thread; events the sink fails on are logged and counted as dropped.
    /// Answers how many events were dealt with (written or counted): fewer than the batch only when
    /// <paramref name="cancellationToken"/> (the shutdown deadline) ended the batch, the rest being the caller's to count.
    /// </summary>
    public async ValueTask<int> WriteBatchAsync(ArraySegment<AuthorizationAuditEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var sink = WriterSink();
        if (sink is LoggingAuditSink && _json.Value is { } json)
        {
            try
            {
                json.Write(batch);
                _metrics.Written(batch.Count);
            }
#pragma warning disable CA1031 // An I/O failure loses this batch only; it is logged and counted, the writer goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.AuditBatchFailed(_logger, _options.Sink.ToString(), ex.GetType().Name, batch.Count);
                _drops.Add(batch.Count, "sink_failed");
            }

            return batch.Count;
        }

        var written = 0;
        var done = 0;
        try
        {
            foreach (var auditEvent in batch)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await sink.WriteAsync(auditEvent, cancellationToken).ConfigureAwait(false);
                    written++;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break; // the shutdown deadline: this event and the rest are the caller's to count
                }
#pragma warning disable CA1031 // A failing sink must not stop the writer; it is logged and counted.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.AuditSinkFailed(_logger, ex.GetType().Name, auditEvent.Outcome, auditEvent.Activity, auditEvent.CorrelationId);
                    _drops.Add(1, "sink_failed");
                }

                done++;
            }
        }
        finally
        {
            _metrics.Written(written);
        }

        return done;
    }

    public void Dispose()
    {
        if (_json.IsValueCreated)
        {
            _json.Value?.Dispose();
        }

        (_writerScope as IDisposable)?.Dispose();
    }

    // The writer's sink comes from a scope of its own that lives as long as the writer, so a scoped IAuditSink works too.
    private IAuditSink WriterSink()
    {
        if (_writerSink is null)
        {
            _writerScope = _services.CreateAsyncScope();
            _writerSink = _writerScope.Value.ServiceProvider.GetRequiredService<IAuditSink>();
        }

        return _writerSink;
    }

    private JsonLinesAuditWriter? OpenJson() => _options.Sink switch
    {
        AuditSinkKind.JsonConsole => JsonLinesAuditWriter.ForConsole(),
        AuditSinkKind.JsonFile => JsonLinesAuditWriter.ForFile(_options.FilePath!),
        _ => null,
    };
}
