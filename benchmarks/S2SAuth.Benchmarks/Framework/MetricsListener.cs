using System.Diagnostics.Metrics;

namespace S2SAuth.Benchmarks.Framework;

/// <summary>Keeps a listener on S2SAuth's meter (and ASP.NET Core's) so instruments really record, as under a metrics exporter.</summary>
public sealed class MetricsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _measurements;

    public MetricsListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("S2SAuth", StringComparison.Ordinal) || instrument.Meter.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _listener.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _listener.Start();
    }

    public long Measurements => Interlocked.Read(ref _measurements);

    public void Dispose() => _listener.Dispose();
}
