using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Keys;

/// <summary>Key rotation at the issuer: new keys are picked up without restart, unknown kids cannot flood the issuer.</summary>
public sealed class KeyRotationTests
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task New_kid_is_accepted_on_its_first_request_without_restart()
    {
        await using var env = await FakeClockApi.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        var newKey = env.Issuer.RotateKey();
        env.Time.Advance(MinInterval);

        var response = await env.CallAsync(newKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, env.Issuer.JwksRequestCount);
    }

    [Fact]
    public async Task New_kid_within_the_min_interval_is_refused_without_a_fetch_and_accepted_after_it()
    {
        await using var env = await FakeClockApi.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        var newKey = env.Issuer.RotateKey();

        await ProblemAssert.IsProblemAsync(await env.CallAsync(newKey), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        Assert.Equal(1, env.Issuer.JwksRequestCount);

        env.Time.Advance(MinInterval);
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync(newKey)).StatusCode);
        Assert.Equal(2, env.Issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Flood_of_1000_random_unknown_kids_causes_at_most_one_JWKS_fetch_per_min_interval()
    {
        await using var env = await FakeClockApi.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        var template = env.Api.ServiceToken().Build();
        var user = env.Api.UserToken().Build();

        for (var interval = 1; interval <= 3; interval++)
        {
            env.Time.Advance(MinInterval);
            var before = env.Issuer.JwksRequestCount;
            var responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ =>
            {
                var forged = Jws.WithHeader(template, $$"""{"alg":"RS256","kid":"{{Guid.NewGuid():N}}","typ":"JWT"}""");
                return env.Api.GetAsync("/whoami", forged, user);
            }));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
            await ProblemAssert.IsProblemAsync(responses[^1], HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
            Assert.Equal(1, env.Issuer.JwksRequestCount - before); // at most one, and the refresh is not starved either
            Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        }

        Assert.Equal(4, env.Issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Removed_key_stops_working_after_an_unknown_kid_refresh()
    {
        await using var env = await FakeClockApi.StartAsync();
        var oldKey = env.Issuer.CurrentKey;
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        var newKey = env.Issuer.RotateKey();
        env.Issuer.RemoveKey(oldKey.KeyId);
        env.Time.Advance(MinInterval);

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync(newKey)).StatusCode);

        await ProblemAssert.IsProblemAsync(await env.CallAsync(oldKey), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
    }

    [Fact]
    public async Task Removed_key_stops_working_after_a_scheduled_refresh()
    {
        await using var env = await FakeClockApi.StartAsync(o => o.KeyRefreshInterval = TimeSpan.FromMinutes(5));
        var oldKey = env.Issuer.CurrentKey;
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.RotateKey();
        env.Issuer.RemoveKey(oldKey.KeyId);
        env.Time.Advance(TimeSpan.FromMinutes(5));

        // The due refresh runs in the background (the request that notices it is served with the keys in hand,
        // see SigningKeyCacheTests); within the min interval no unknown-kid fetch may happen, so only the schedule can drop the key.
        var refused = await Eventually.ReturnsAsync(() => env.CallAsync(oldKey), r => r.StatusCode != HttpStatusCode.OK, "the removed key to be refused");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        Assert.Equal(2, env.Issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Scheduled_refresh_publishes_a_new_key_before_any_token_uses_it()
    {
        await using var env = await FakeClockApi.StartAsync(o => o.KeyRefreshInterval = TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        var extra = env.Issuer.AddKey("key-extra", "ES256");
        env.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        await Eventually.TrueAsync(() => env.Issuer.JwksRequestCount == 2, "the scheduled JWKS fetch");

        // Still within the min interval after the scheduled fetch: no unknown-kid fetch is allowed, so the key must be cached.
        var response = await Eventually.ReturnsAsync(() => env.CallAsync(extra), r => r.StatusCode == HttpStatusCode.OK, "the new key to verify");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, env.Issuer.JwksRequestCount);
    }
}
