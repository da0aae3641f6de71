using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Redis.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.Redis.Tests.Revocation;

/// <summary>
/// <c>s2sauth.revocation.lag</c> with a real redis-server: a revocation published on instance A is measured once on
/// instance B (from its publication time on the Redis log), small and not negative; the listener hears B's meters only.
/// </summary>
public sealed class RevocationLagTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        _issuer = await TestIssuer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_revocation_published_on_A_is_measured_on_B_in_seconds_by_kind()
    {
        await using var a = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);
        await using var b = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);
        var factory = b.App.Services.GetRequiredService<IMeterFactory>();
        var lags = new ConcurrentQueue<(double Value, string? Kind)>();
        Instrument? lagInstrument = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Meter.Name == ServiceAuthTelemetry.MeterName && instrument.Name == ServiceAuthTelemetry.RevocationLag)
                {
                    lagInstrument = instrument;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? kind = null;
            foreach (var tag in tags)
            {
                if (tag.Key == ServiceAuthTelemetry.RevocationKindTag)
                {
                    kind = tag.Value as string;
                }
            }

            lags.Enqueue((value, kind));
        });
        listener.Start();

        await a.Revocations.RevokeTokenAsync(_issuer.Issuer, "lag-1", DateTimeOffset.UtcNow.AddMinutes(5));

        await Eventually.TrueAsync(() => !lags.IsEmpty, "B measures the lag of the revocation published on A");
        var (lag, kind) = Assert.Single(lags);
        Assert.InRange(lag, 0, 10);
        Assert.Equal("token", kind);
        Assert.NotNull(lagInstrument);
        Assert.IsType<Histogram<double>>(lagInstrument);
        Assert.Equal("s", lagInstrument.Unit);
        Assert.Equal("Time from a revocation's publication to the shared store to its application on this instance, by kind.", lagInstrument.Description);
    }
}
