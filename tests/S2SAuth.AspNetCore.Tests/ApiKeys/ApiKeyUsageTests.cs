using System.Diagnostics.Metrics;
using System.Net;
using S2SAuth.AspNetCore.Tests.ApiKeys.Framework;
using S2SAuth.ApiKeys;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ApiKeys;

/// <summary>
/// What an operator watches during a rotation: <c>s2sauth.api_key.uses</c> per client and key id, and
/// <c>s2sauth.api_key.idle</c> per key (seconds since last accepted; since loaded when never), on the fake clock.
/// </summary>
public sealed class ApiKeyUsageTests : IAsyncLifetime
{
    private static readonly (string Key, string Hash) Old = ApiKeyFactory.Create("acme-old");
    private static readonly (string Key, string Hash) New = ApiKeyFactory.Create("acme-new");
    private TestIssuer _issuer = null!;
    private ApiKeyApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _api = await ApiKeyApi.StartAsync(_issuer, [new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey("acme-old", Old.Hash).WithKey("acme-new", New.Hash)]);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Uses_are_counted_per_key_and_the_idle_gauge_shows_which_key_went_quiet()
    {
        var uses = new List<(long Value, string? Client, string? KeyId)>();
        var idle = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServiceAuthTelemetry.MeterName && instrument.Name is ServiceAuthTelemetry.ApiKeyUses or ServiceAuthTelemetry.ApiKeyIdle
                && ReferenceEquals(instrument.Meter.Scope, _api.Services.GetService(typeof(IMeterFactory))))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            uses.Add((value, Tag(tags, ServiceAuthTelemetry.ApiKeyClientTag), Tag(tags, ServiceAuthTelemetry.ApiKeyIdTag))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => idle[Tag(tags, ServiceAuthTelemetry.ApiKeyIdTag)!] = value);
        listener.Start();

        _api.Time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/partner", Old.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/partner", Old.Key)).StatusCode);
        _api.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/partner", New.Key)).StatusCode);
        _api.Time.Advance(TimeSpan.FromSeconds(20));
        listener.RecordObservableInstruments();

        Assert.Equal(2, uses.Count(u => u is (1, "acme", "acme-old")));
        Assert.Single(uses, u => u is (1, "acme", "acme-new"));
        Assert.Equal(50, idle["acme-old"]);
        Assert.Equal(20, idle["acme-new"]);

        var usage = ((ApiKeyStore)_api.Services.GetService(typeof(ApiKeyStore))!).Current.Keys["acme-old"].Usage;
        Assert.Equal(_api.Time.GetUtcNow().AddSeconds(-50), usage.LastUsed);
    }

    [Fact]
    public void The_last_used_time_is_written_at_most_once_a_second()
    {
        var start = DateTimeOffset.UtcNow.UtcTicks;
        var usage = new ApiKeyUsage(start);
        Assert.Null(usage.LastUsed);
        Assert.Equal(3, usage.IdleSeconds(start + (3 * TimeSpan.TicksPerSecond)));

        usage.Used(start + TimeSpan.TicksPerSecond);
        usage.Used(start + TimeSpan.TicksPerSecond + (TimeSpan.TicksPerMillisecond * 500));
        Assert.Equal(start + TimeSpan.TicksPerSecond, usage.LastUsed!.Value.UtcTicks);

        usage.Used(start + (2 * TimeSpan.TicksPerSecond) + 1);
        Assert.Equal(start + (2 * TimeSpan.TicksPerSecond) + 1, usage.LastUsed!.Value.UtcTicks);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
