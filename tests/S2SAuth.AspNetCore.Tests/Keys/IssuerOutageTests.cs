using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Keys;

/// <summary>The issuer goes down: cached keys keep working; without keys the answer is 503 with Retry-After, never 500.</summary>
public sealed class IssuerOutageTests
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Fetched_keys_keep_working_while_the_issuer_is_down()
    {
        await using var env = await FakeClockApi.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.IsAvailable = false;
        env.Time.Advance(MinInterval);

        await ProblemAssert.IsProblemAsync(await env.CallAsync(env.Issuer.AddKey("key-new", "RS256")), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        Assert.True(env.Issuer.RefusedRequestCount > 0, "the unknown kid should have made the cache try the issuer");

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
    }

    [Fact]
    public async Task Fetched_keys_keep_working_across_a_scheduled_refresh_that_fails()
    {
        await using var env = await FakeClockApi.StartAsync(o => o.KeyRefreshInterval = TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.IsAvailable = false;

        for (var i = 0; i < 3; i++)
        {
            env.Time.Advance(TimeSpan.FromMinutes(5));
            var refusedBefore = env.Issuer.RefusedRequestCount;
            Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
            await Eventually.TrueAsync(() => env.Issuer.RefusedRequestCount > refusedBefore, "the scheduled refresh to reach the issuer");
            await Eventually.TrueAsync(() => env.Api.Logs.Entries.Count(e => e.EventId.Id == 1002) > i, "the refresh failure to be logged");
            Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        }
    }

    [Fact]
    public async Task Cold_start_with_the_issuer_down_answers_503_signing_keys_unavailable_with_Retry_After()
    {
        await using var env = await FakeClockApi.StartAsync(issuerAvailable: false);

        var response = await env.CallAsync();

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal(MinInterval, response.Headers.RetryAfter?.Delta);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Cold_start_with_the_issuer_down_answers_503_for_a_user_token_alone_too()
    {
        await using var env = await FakeClockApi.StartAsync(issuerAvailable: false);

        var response = await env.Api.GetAsync("/gateway", userToken: env.Api.UserToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
    }

    [Fact]
    public async Task Cold_start_against_an_empty_key_set_answers_503_signing_keys_unavailable()
    {
        await using var issuer = await TestIssuer.StartAsync();
        var token = issuer.ServiceToken("orders-service", TestApi.Audience).Build();
        issuer.RemoveKey(issuer.CurrentKey.KeyId);
        await using var api = await TestApi.StartAsync(issuer);

        var response = await api.GetAsync("/system", token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal(1, issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Cold_start_against_a_hung_issuer_answers_503_once_MetadataTimeout_passes()
    {
        await using var issuer = await TestIssuer.StartAsync();
        issuer.ResponseDelay = TimeSpan.FromMinutes(2);
        await using var api = await TestApi.StartAsync(issuer, o => o.MetadataTimeout = TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;

        var response = await api.GetAsync("/system", api.ServiceToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the request must not wait for the hung issuer");
    }

    [Fact]
    public async Task Cold_start_retries_the_issuer_once_per_min_interval_and_recovers()
    {
        await using var env = await FakeClockApi.StartAsync(issuerAvailable: false);
        await ProblemAssert.IsProblemAsync(await env.CallAsync(), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        var refused = env.Issuer.RefusedRequestCount;
        Assert.True(refused > 0, "the cold start should have tried the issuer");
        env.Issuer.IsAvailable = true;

        await ProblemAssert.IsProblemAsync(await env.CallAsync(), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal(refused, env.Issuer.RefusedRequestCount);
        Assert.Equal(0, env.Issuer.MetadataRequestCount);

        env.Time.Advance(MinInterval);
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        Assert.Equal(1, env.Issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Cold_start_recovers_by_itself_when_the_issuer_returns()
    {
        await using var issuer = await TestIssuer.StartAsync();
        issuer.IsAvailable = false;
        await using var api = await TestApi.StartAsync(issuer, o => o.KeyRefreshMinInterval = TimeSpan.FromMilliseconds(200));
        var service = api.ServiceToken().Build();
        var user = api.UserToken().Build();

        var down = await api.GetAsync("/whoami", service, user);
        await ProblemAssert.IsProblemAsync(down, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), down.Headers.RetryAfter?.Delta);
        issuer.IsAvailable = true;

        var statuses = new List<HttpStatusCode>();
        await Eventually.ReturnsAsync(async () =>
        {
            var status = (await api.GetAsync("/whoami", service, user)).StatusCode;
            statuses.Add(status);
            return status;
        }, s => s == HttpStatusCode.OK, "the API to recover");

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
    }
}
