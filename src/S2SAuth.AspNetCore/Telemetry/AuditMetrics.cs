using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace S2SAuth.Telemetry;

/// <summary>The <c>S2SAuth</c> meter's audit instruments: events written, events dropped (by reason), queue depth.</summary>
internal sealed class AuditMetrics
{
    private readonly Meter _meter;
    private readonly Counter<long> _written;
    private readonly Counter<long> _dropped;

    public AuditMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(ServiceAuthTelemetry.MeterName);
        _written = _meter.CreateCounter<long>(ServiceAuthTelemetry.AuditWritten, "{event}", "Audit events written to the sink.");
        _dropped = _meter.CreateCounter<long>(ServiceAuthTelemetry.AuditDropped, "{event}",
            "Audit events not written, by reason (queue_full, wait_timeout, sink_failed, shutdown_timeout).");
    }

    /// <summary>Reports the number of queued events through <paramref name="depth"/>.</summary>
    public void ObserveDepth(Func<int> depth) =>
        _meter.CreateObservableGauge(ServiceAuthTelemetry.AuditQueueDepth, depth, "{event}", "Audit events waiting in the background queue.");

    public void Written(int count) => _written.Add(count);

    public void Dropped(int count, string reason) =>
        _dropped.Add(count, new TagList { { ServiceAuthTelemetry.AuditDropReasonTag, reason } });
}
