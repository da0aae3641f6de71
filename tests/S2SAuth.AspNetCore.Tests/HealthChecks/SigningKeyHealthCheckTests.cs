using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace S2SAuth.AspNetCore.Tests.HealthChecks;

/// <summary>
/// <c>s2sauth-signing-keys</c>: healthy with fresh keys (and no network call per probe), degraded while a failed refresh
/// leaves the last good keys in use, unhealthy before any keys and past <c>KeyMaxStaleness</c>; recovers with the issuer.
/// </summary>
public sealed class SigningKeyHealthCheckTests
{
    private const string Name = "s2sauth-signing-keys";

    [Fact]
    public async Task Unhealthy_before_any_keys_with_the_fetch_error_code()
    {
        await using var env = await HealthApi.StartAsync(issuerAvailable: false);

        var entry = await env.CheckAsync(Name);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal(0, entry.Data["key_count"]);
        Assert.Equal("http_503", entry.Data["last_error"]);
        Assert.Contains("s2sauth", entry.Tags);
        Assert.Contains("ready", entry.Tags);
    }

    [Fact]
    public async Task Healthy_once_keys_are_fetched_and_a_probe_of_cached_keys_makes_no_network_call()
    {
        await using var env = await HealthApi.StartAsync();

        var first = await env.CheckAsync(Name); // no keys yet: the one bounded attempt fetches them
        var fetches = env.Issuer.JwksRequestCount;
        env.Time.Advance(HealthApi.RefreshInterval - TimeSpan.FromSeconds(1));
        var second = await env.CheckAsync(Name);
        var third = await env.CheckAsync(Name);

        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal(HealthStatus.Healthy, third.Status);
        Assert.Equal(HealthStatus.Healthy, second.Status);
        Assert.Equal(1, fetches);
        Assert.Equal(1, env.Issuer.JwksRequestCount);
        Assert.True((int)third.Data["key_count"] >= 1);
        Assert.Equal((double)(HealthApi.RefreshInterval - TimeSpan.FromSeconds(1)).TotalSeconds, third.Data["age_seconds"]);
        Assert.False(third.Data.ContainsKey("last_error"));
    }

    [Fact]
    public async Task Degraded_after_a_failed_refresh_within_KeyMaxStaleness_then_unhealthy_past_it()
    {
        await using var env = await HealthApi.StartAsync();
        Assert.Equal(HealthStatus.Healthy, (await env.CheckAsync(Name)).Status);
        env.Issuer.IsAvailable = false;
        env.Time.Advance(HealthApi.RefreshInterval);

        // The probe starts the due refresh in the background (it does not wait); it fails against the 503 issuer.
        var degraded = await Eventually.ReturnsAsync(() => env.CheckAsync(Name), e => e.Status != HealthStatus.Healthy, "the failed refresh");
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal("http_503", degraded.Data["last_error"]);
        Assert.True((int)degraded.Data["key_count"] >= 1);

        env.Time.Advance(HealthApi.MaxStaleness - HealthApi.RefreshInterval - TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Degraded, (await env.CheckAsync(Name)).Status);

        env.Time.Advance(TimeSpan.FromSeconds(1));
        var unhealthy = await env.CheckAsync(Name);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Equal(0, unhealthy.Data["key_count"]);
    }

    [Fact]
    public async Task Healthy_again_when_the_issuer_comes_back()
    {
        await using var env = await HealthApi.StartAsync(issuerAvailable: false);
        Assert.Equal(HealthStatus.Unhealthy, (await env.CheckAsync(Name)).Status);
        env.Issuer.IsAvailable = true;
        env.Time.Advance(HealthApi.MinInterval);

        var entry = await env.CheckAsync(Name);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.False(entry.Data.ContainsKey("last_error"));
    }

    [Fact]
    public async Task Unhealthy_probes_are_rate_limited_like_requests()
    {
        await using var env = await HealthApi.StartAsync(issuerAvailable: false);
        await env.CheckAsync(Name);
        await env.CheckAsync(Name);
        env.Time.Advance(HealthApi.MinInterval - TimeSpan.FromSeconds(1));
        await env.CheckAsync(Name);

        Assert.Equal(1, env.Issuer.RefusedRequestCount);
    }
}
