using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace S2SAuth.Telemetry;

/// <summary>The <c>S2SAuth</c> meter's authorization instruments, created through <see cref="IMeterFactory"/>.</summary>
internal sealed class AuthorizationMetrics
{
    private static readonly double[] DurationBuckets = [0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _duration;

    public AuthorizationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceAuthTelemetry.MeterName);
        _decisions = meter.CreateCounter<long>(ServiceAuthTelemetry.DecisionsCounter, "{decision}",
            "RequireActivity decisions, by outcome, reason and activity.");
        _duration = meter.CreateHistogram(ServiceAuthTelemetry.DecisionDuration, "s",
            "Time taken by one RequireActivity decision, including any permission-source call.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    public void Record(string activity, bool allowed, string? reason, bool crossTenant, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { ServiceAuthTelemetry.OutcomeTag, allowed ? "allowed" : "denied" },
            { ServiceAuthTelemetry.ActivityTag, activity },
        };
        if (reason is not null)
        {
            tags.Add(ServiceAuthTelemetry.ReasonTag, reason);
        }

        if (crossTenant)
        {
            tags.Add(ServiceAuthTelemetry.CrossTenantTag, true);
        }

        _decisions.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
