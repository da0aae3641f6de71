using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace S2SAuth.Telemetry;

/// <summary>The <c>S2SAuth</c> meter's revocation instruments.</summary>
internal sealed class RevocationMetrics
{
    private static readonly double[] LagBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
    private readonly Meter _meter;
    private readonly Counter<long> _applied;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _overflows;
    private readonly Histogram<double> _lag;

    public RevocationMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(ServiceAuthTelemetry.MeterName);
        _applied = _meter.CreateCounter<long>(ServiceAuthTelemetry.RevocationsApplied, "{revocation}", "Revocations applied to this instance, by kind and source.");
        _refusals = _meter.CreateCounter<long>(ServiceAuthTelemetry.RevocationRefusals, "{token}", "Tokens refused by the revocation check, by error code.");
        _overflows = _meter.CreateCounter<long>(ServiceAuthTelemetry.RevocationOverflows, "{revocation}", "Revocations that did not fit under MaxEntries.");
        _lag = _meter.CreateHistogram(ServiceAuthTelemetry.RevocationLag, "s",
            "Time from a revocation's publication to the shared store to its application on this instance, by kind.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
    }

    /// <summary>Reports the state's entries and (when a shared store feeds it) its staleness.</summary>
    public void Observe(Func<(int Tokens, int Subjects)> entries, Func<TimeSpan?> staleness)
    {
        _meter.CreateObservableGauge(ServiceAuthTelemetry.RevocationEntries, () =>
        {
            var (tokens, subjects) = entries();
            return new[]
            {
                new Measurement<long>(tokens, new KeyValuePair<string, object?>(ServiceAuthTelemetry.RevocationKindTag, "token")),
                new Measurement<long>(subjects, new KeyValuePair<string, object?>(ServiceAuthTelemetry.RevocationKindTag, "subject")),
            };
        }, "{entry}", "Revocation entries held in memory.");
        _meter.CreateObservableGauge(ServiceAuthTelemetry.RevocationStaleness,
            () => staleness() is { } value ? [new Measurement<double>(value.TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s", "Time since the revocation state was last confirmed in sync with the shared store; absent with the in-memory store.");
    }

    public void Applied(string kind, string source) =>
        _applied.Add(1, new TagList { { ServiceAuthTelemetry.RevocationKindTag, kind }, { ServiceAuthTelemetry.RevocationSourceTag, source } });

    public void Refused(string code) => _refusals.Add(1, new KeyValuePair<string, object?>(ServiceAuthTelemetry.ReasonTag, code));

    public void Overflowed() => _overflows.Add(1);

    /// <summary>One revocation from the shared store applied <paramref name="lag"/> after its publication (a negative skew counts as 0).</summary>
    public void Lagged(string kind, TimeSpan lag) =>
        _lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>(ServiceAuthTelemetry.RevocationKindTag, kind));
}
