using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Keys;

/// <summary>
/// While the issuer cannot be reached the last good keys keep working, but only for <c>KeyMaxStaleness</c> after their
/// last successful fetch; then none are trusted (503), cached verifications included. Both are logged and measured.
/// </summary>
public sealed class KeyStalenessTests
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromHours(1);

    [Fact]
    public async Task Last_good_keys_serve_an_issuer_outage_until_KeyMaxStaleness_then_503_signing_keys_unavailable()
    {
        await using var env = await StartAsync();
        var (service, user) = (env.Api.ServiceToken().Build(), env.Api.UserToken().Build());
        Assert.Equal(HttpStatusCode.OK, (await env.Api.GetAsync("/whoami", service, user)).StatusCode);
        env.Issuer.IsAvailable = false;

        env.Time.Advance(RefreshInterval);
        Assert.Equal(HttpStatusCode.OK, (await env.Api.GetAsync("/whoami", service, user)).StatusCode);
        await Eventually.TrueAsync(() => env.Api.Logs.Entries.Any(e => e.EventId.Id == 1011), "serving stale keys to be logged");

        env.Time.Advance(MaxStaleness - RefreshInterval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await env.Api.GetAsync("/whoami", service, user)).StatusCode); // cached verification
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode); // fresh verification

        env.Time.Advance(TimeSpan.FromMilliseconds(1));
        await ProblemAssert.IsProblemAsync(await env.Api.GetAsync("/whoami", service, user), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        await ProblemAssert.IsProblemAsync(await env.CallAsync(), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Single(env.Api.Logs.Entries, e => e.EventId.Id == 1012);
    }

    [Fact]
    public async Task Keys_expired_by_KeyMaxStaleness_come_back_when_the_issuer_does()
    {
        await using var env = await StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.IsAvailable = false;
        env.Time.Advance(MaxStaleness);
        await ProblemAssert.IsProblemAsync(await env.CallAsync(), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);

        env.Issuer.IsAvailable = true;
        env.Time.Advance(MinInterval);

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
    }

    [Fact]
    public async Task Each_successful_refresh_restarts_the_staleness_clock()
    {
        await using var env = await StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Time.Advance(MaxStaleness - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        await Eventually.TrueAsync(() => env.Issuer.JwksRequestCount == 2, "the scheduled refresh");
        env.Issuer.IsAvailable = false;

        env.Time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
    }

    [Fact]
    public async Task Key_set_age_is_reported_by_the_S2SAuth_meter_and_disappears_when_the_keys_expire()
    {
        await using var env = await StartAsync();
        using var age = new MetricCollector<double>(env.Api.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            ServiceAuthTelemetry.MeterName, ServiceAuthTelemetry.SigningKeysAge);
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.IsAvailable = false;

        env.Time.Advance(TimeSpan.FromMinutes(25));
        age.RecordObservableInstruments();
        Assert.Equal("s", age.Instrument!.Unit);
        Assert.Equal(25 * 60, age.LastMeasurement!.Value);

        env.Time.Advance(MaxStaleness);
        await ProblemAssert.IsProblemAsync(await env.CallAsync(), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        age.GetMeasurementSnapshot(clear: true);
        age.RecordObservableInstruments();
        Assert.Empty(age.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Failed_refreshes_are_counted_by_outcome_and_reason()
    {
        await using var env = await StartAsync();
        using var fetches = new MetricCollector<long>(env.Api.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            ServiceAuthTelemetry.MeterName, ServiceAuthTelemetry.SigningKeyFetches);
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.IsAvailable = false;
        env.Time.Advance(RefreshInterval);

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        await Eventually.TrueAsync(() => fetches.GetMeasurementSnapshot().Count == 2, "both fetches to be counted");

        var measurements = fetches.GetMeasurementSnapshot();
        Assert.Equal("ok", measurements[0].Tags[ServiceAuthTelemetry.SigningKeysOutcomeTag]);
        Assert.Equal("failed", measurements[1].Tags[ServiceAuthTelemetry.SigningKeysOutcomeTag]);
        Assert.Equal("http_503", measurements[1].Tags[ServiceAuthTelemetry.SigningKeysReasonTag]);
    }

    private static async Task<FakeClockApi> StartAsync()
    {
        var env = await FakeClockApi.StartAsync(o =>
        {
            o.KeyRefreshInterval = RefreshInterval;
            o.KeyMaxStaleness = MaxStaleness;
            o.MaxTokenLifetime = TimeSpan.FromHours(3);
            o.VerifiedTokenCache.MaxDuration = TimeSpan.FromHours(1);
        });
        env.Issuer.TokenLifetime = TimeSpan.FromHours(2);
        return env;
    }
}
