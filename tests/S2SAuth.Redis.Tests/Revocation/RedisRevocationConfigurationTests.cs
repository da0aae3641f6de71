using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S2SAuth.Redis.Revocation;

namespace S2SAuth.Redis.Tests.Revocation;

/// <summary>The Redis store's options, its key members, and its staleness metric.</summary>
public sealed class RedisRevocationConfigurationTests
{
    private static ServiceProvider Build(Action<RedisRevocationOptions> configure, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddServiceAuth(o =>
        {
            o.Authority = "https://issuer.test";
            o.Audience = "pricing-service";
        }).AddRedisRevocation(configure);
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(null, "1s", "ServiceAuth:Revocation:Redis:Configuration is required")]
    [InlineData("127.0.0.1:6379", "20s", "ServiceAuth:Revocation:Redis:PollInterval")]
    public void Bad_options_fail_at_start_up_naming_the_key(string? configuration, string poll, string expected)
    {
        using var provider = Build(o =>
        {
            o.Configuration = configuration;
            o.PollInterval = TimeSpan.Parse("00:00:" + poll.TrimEnd('s').PadLeft(2, '0'), System.Globalization.CultureInfo.InvariantCulture);
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisRevocationOptions>>().Value);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://issuer.test/", "jti-1")]
    [InlineData("a:b", "c:d\nwith newline")]
    [InlineData("12:34", "5")]
    public void A_member_holds_issuer_and_value_without_escaping(string issuer, string value)
    {
        var member = RedisRevocationKeys.Member(issuer, value);
        Assert.True(RedisRevocationKeys.TryParseMember(member, out var parsedIssuer, out var parsedValue));
        Assert.Equal((issuer, value), (parsedIssuer, parsedValue));
        Assert.False(RedisRevocationKeys.TryParseMember("99:short", out _, out _));
        Assert.False(RedisRevocationKeys.TryParseMember("nonsense", out _, out _));
    }

    [Fact]
    public void Instants_are_rounded_up_to_the_millisecond_so_a_revocation_is_never_shortened()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000).AddTicks(1);
        Assert.Equal(1_700_000_000_001, RedisRevocationKeys.CeilingUnixMs(at));
        Assert.Equal(1_700_000_000_000, RedisRevocationKeys.CeilingUnixMs(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));
        Assert.True(RedisRevocationKeys.CompareIds("1700000000000-10", "1700000000000-9") > 0);
    }

    [Fact]
    public void The_staleness_gauge_reports_the_age_of_the_state_with_a_shared_store()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var provider = Build(o => o.Configuration = "127.0.0.1:1", time);
        var state = provider.GetRequiredService<S2SAuth.Revocation.RevocationState>();
        double? seen = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == ServiceAuthTelemetry.RevocationStaleness)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => seen = value);
        listener.Start();
        state.MarkSynchronized(time.GetUtcNow().UtcTicks);
        time.Advance(TimeSpan.FromSeconds(42));

        listener.RecordObservableInstruments();

        Assert.NotNull(seen);
        Assert.Equal(42, seen.Value, precision: 3);
    }
}
