using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace S2SAuth.Telemetry;

/// <summary>The <c>S2SAuth</c> meter's signing-key instruments: fetches by outcome, and the age of the keys in use.</summary>
internal sealed class SigningKeyMetrics
{
    private readonly Meter _meter;
    private readonly Counter<long> _fetches;

    public SigningKeyMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(ServiceAuthTelemetry.MeterName);
        _fetches = _meter.CreateCounter<long>(ServiceAuthTelemetry.SigningKeyFetches, "{fetch}",
            "Signing-key fetches, by outcome (ok, failed, no_usable_keys) and the reason of a failure.");
    }

    /// <summary>Reports the age of the keys in use through <paramref name="age"/>, which answers <see langword="null"/> when none are held.</summary>
    public void ObserveAge(Func<TimeSpan?> age) =>
        _meter.CreateObservableGauge(ServiceAuthTelemetry.SigningKeysAge,
            () => age() is { } value ? [new Measurement<double>(value.TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s", "Time since the signing keys in use were last fetched successfully; absent while no keys are held.");

    public void Fetched(string outcome, string? reason = null)
    {
        var tags = new TagList { { ServiceAuthTelemetry.SigningKeysOutcomeTag, outcome } };
        if (reason is not null)
        {
            tags.Add(ServiceAuthTelemetry.SigningKeysReasonTag, reason);
        }

        _fetches.Add(1, tags);
    }
}
