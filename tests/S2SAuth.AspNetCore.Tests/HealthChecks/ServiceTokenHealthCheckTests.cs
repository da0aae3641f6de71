using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using S2SAuth.Client.Tokens;

namespace S2SAuth.AspNetCore.Tests.HealthChecks;

/// <summary>
/// <c>s2sauth-service-token</c>: healthy with no slot in use or usable tokens, degraded while a slot serves its cached
/// token after a failed refresh, unhealthy once that token is no longer usable; added only with the token client.
/// </summary>
public sealed class ServiceTokenHealthCheckTests
{
    private const string Name = "s2sauth-service-token";
    private static readonly TokenKey Pricing = TokenKey.For("pricing-service", ["pricing.resolve"]);

    [Fact]
    public async Task Healthy_with_no_slot_in_use_and_with_a_usable_token()
    {
        await using var env = await HealthApi.StartAsync(tokenClient: true);
        var idle = await env.CheckAsync(Name);
        var slot = Slot(env);
        var unused = await env.CheckAsync(Name);
        await slot.GetAsync(CancellationToken.None);

        var used = await env.CheckAsync(Name);

        Assert.Equal(HealthStatus.Healthy, idle.Status);
        Assert.Equal(0, idle.Data["slots"]);
        Assert.Equal(HealthStatus.Healthy, unused.Status);
        Assert.Equal(HealthStatus.Healthy, used.Status);
        Assert.Equal(1, used.Data["slots"]);
        Assert.Equal(1, env.Issuer.TokenRequestCount); // the probes asked the issuer for nothing
    }

    [Fact]
    public async Task Degraded_while_a_cached_token_is_served_after_a_failed_refresh_then_unhealthy_when_it_is_unusable()
    {
        await using var env = await HealthApi.StartAsync(tokenClient: true);
        var slot = Slot(env);
        var token = await slot.GetAsync(CancellationToken.None);
        env.Issuer.IsAvailable = false;
        env.Time.Advance(token.RefreshAt - env.Time.GetUtcNow());
        Assert.Same(token, await slot.GetAsync(CancellationToken.None)); // starts the refresh ahead of expiry; it fails
        await Eventually.TrueAsync(() => slot.LastRequestFailed, "the failed refresh");

        var degraded = await env.CheckAsync(Name);
        env.Time.Advance(token.UsableUntil - env.Time.GetUtcNow());
        var unhealthy = await env.CheckAsync(Name);

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(new[] { "pricing-service" }, degraded.Data["stale_audiences"]);
        Assert.False(degraded.Data.ContainsKey("unavailable_audiences"));
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Equal(new[] { "pricing-service" }, unhealthy.Data["unavailable_audiences"]);
        Assert.DoesNotContain(token.Value, string.Join(' ', unhealthy.Data.Values.SelectMany(v => v as string[] ?? [v.ToString()!])) + degraded.Description + unhealthy.Description);
    }

    [Fact]
    public async Task An_expired_token_with_no_failed_request_is_idle_not_unhealthy()
    {
        await using var env = await HealthApi.StartAsync(tokenClient: true);
        var slot = Slot(env);
        var token = await slot.GetAsync(CancellationToken.None);
        env.Time.Advance(token.ExpiresAt - env.Time.GetUtcNow());

        Assert.Equal(HealthStatus.Healthy, (await env.CheckAsync(Name)).Status);
    }

    [Fact]
    public async Task Not_added_without_the_token_client_and_the_key_check_not_added_without_AddServiceAuth()
    {
        await using var env = await HealthApi.StartAsync(serviceAuth: false, tokenClient: true);

        var report = await env.CheckAsync();

        Assert.Equal([Name], report.Entries.Keys);
    }

    private static TokenSlot Slot(HealthApi env) => env.App.Services.GetRequiredService<ServiceTokenCache>().GetSlot(Pricing);
}
