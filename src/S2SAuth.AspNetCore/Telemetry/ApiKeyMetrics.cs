using System.Diagnostics.Metrics;

namespace S2SAuth.Telemetry;

/// <summary>The <c>S2SAuth</c> meter's API-key instruments: uses per key, refusals per code, and each key's idle time.</summary>
internal sealed class ApiKeyMetrics
{
    private readonly Meter _meter;
    private readonly Counter<long> _uses;
    private readonly Counter<long> _refusals;

    public ApiKeyMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(ServiceAuthTelemetry.MeterName);
        _uses = _meter.CreateCounter<long>(ServiceAuthTelemetry.ApiKeyUses, "{request}", "Requests an API key proved, by client and key id.");
        _refusals = _meter.CreateCounter<long>(ServiceAuthTelemetry.ApiKeyRefusals, "{request}", "API keys refused, by error code.");
    }

    /// <summary>Reports each configured key's idle time through <paramref name="idle"/>.</summary>
    public void ObserveIdle(Func<IEnumerable<Measurement<double>>> idle) =>
        _meter.CreateObservableGauge(ServiceAuthTelemetry.ApiKeyIdle, idle, "s",
            "Seconds since this instance last accepted the API key (since it was loaded, when never), by client and key id.");

    /// <summary>One use of a key; <paramref name="tags"/> are the key's own (client, key id), made once.</summary>
    public void Used(ReadOnlySpan<KeyValuePair<string, object?>> tags) => _uses.Add(1, tags);

    public void Refused(string code) => _refusals.Add(1, new KeyValuePair<string, object?>(ServiceAuthTelemetry.ReasonTag, code));
}
