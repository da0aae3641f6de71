using System.Net;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Caching.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Caching;

/// <summary>
/// The verified-token cache seen from requests: repeated tokens skip verification, and still nothing is accepted that a
/// full verification would refuse: expiry, key withdrawal, token kind and per-request checks hold on a cache hit.
/// </summary>
public sealed class CachedVerificationTests
{
    private static readonly TimeSpan Skew = new ServiceAuthOptions().ClockSkew;

    [Fact]
    public async Task Repeated_tokens_are_served_from_the_cache_with_the_same_verified_identities()
    {
        await using var env = await CacheApi.StartAsync();
        var (service, user) = (env.ServiceToken(), env.UserToken());

        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        var first = env.Last;
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        var second = env.Last;

        Assert.True(env.Holds(service) && env.Holds(user));
        Assert.Same(first.Context.Service, second.Context.Service);
        Assert.Same(first.Context.User, second.Context.User);
        Assert.Same(first.Context.Tenant, second.Context.Tenant);
        Assert.Equal("tenant_789", second.Context.Tenant.TenantId);
        Assert.NotSame(first.Context, second.Context);
        Assert.NotSame(first.Principal, second.Principal);
    }

    [Fact]
    public async Task Each_request_gets_its_own_claims_identity_and_sees_no_claim_another_request_added()
    {
        await using var env = await CacheApi.StartAsync();
        var (service, user) = (env.ServiceToken(), env.UserToken());

        await env.GetAsync(service, user);
        await env.GetAsync(service, user);

        Assert.All(env.SeenRequests, s => Assert.Null(s.Enrichment));
        Assert.NotSame(env.SeenRequests.First().Principal.Identities.First(), env.Last.Principal.Identities.First());
        Assert.Single(env.Last.Principal.Claims, c => c.Type == "extra");
        Assert.Same(env.SeenRequests.First().Context.User, env.Last.Context.User);
        Assert.Equal("user_123", env.Last.Principal.Identity!.Name);
        Assert.True(env.Last.Principal.HasClaim(ServiceAuthDefaults.ScopeClaim, "order.confirm"));
    }

    [Fact]
    public async Task Cached_token_reaching_its_exp_is_verified_again_and_refused_with_token_expired()
    {
        await using var env = await CacheApi.StartAsync(tokenLifetime: TimeSpan.FromMinutes(5));
        var (service, user) = (env.ServiceToken(), env.UserToken());
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);

        env.Time.Advance(TimeSpan.FromMinutes(5) + Skew + TimeSpan.FromSeconds(1));

        await ProblemAssert.IsProblemAsync(await env.GetAsync(service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired);
        Assert.False(env.Holds(service));
    }

    [Fact]
    public async Task Token_past_exp_but_within_the_clock_skew_is_verified_again_and_not_cached()
    {
        await using var env = await CacheApi.StartAsync(tokenLifetime: TimeSpan.FromMinutes(5));
        var (service, user) = (env.ServiceToken(), env.UserToken());
        await env.GetAsync(service, user);
        var cached = env.Last.Context.Service;

        env.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        Assert.NotSame(cached, env.Last.Context.Service);
        Assert.False(env.Holds(service));
    }

    [Fact]
    public async Task Entry_is_verified_again_after_MaxDuration_even_if_the_token_lives_longer()
    {
        await using var env = await CacheApi.StartAsync(o => o.VerifiedTokenCache.MaxDuration = TimeSpan.FromMinutes(1), tokenLifetime: TimeSpan.FromMinutes(10));
        var (service, user) = (env.ServiceToken(), env.UserToken());
        await env.GetAsync(service, user);
        var cached = env.Last.Context.Service;

        env.Time.Advance(TimeSpan.FromSeconds(59));
        await env.GetAsync(service, user);
        Assert.Same(cached, env.Last.Context.Service);

        env.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        Assert.NotSame(cached, env.Last.Context.Service);
        Assert.True(env.Holds(service));
    }

    [Fact]
    public async Task Cached_tokens_of_a_key_the_issuer_withdrew_are_refused_once_the_keys_are_refreshed()
    {
        await using var env = await CacheApi.StartAsync(tokenLifetime: TimeSpan.FromMinutes(10));
        var (service, user) = (env.ServiceToken(), env.UserToken());
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        var version = env.Keys.Current!.Version;
        env.Issuer.RotateKey();
        env.Issuer.RemoveKey("key-1");

        env.Time.Advance(CacheApi.RefreshInterval);
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode); // served while the refresh runs
        await Eventually.TrueAsync(() => env.Keys.Current!.Version != version, "the scheduled key refresh a cache hit starts");

        await ProblemAssert.IsProblemAsync(await env.GetAsync(service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        Assert.False(env.Holds(service));
    }

    [Fact]
    public async Task Key_refresh_that_changes_nothing_keeps_the_cached_entries()
    {
        await using var env = await CacheApi.StartAsync(tokenLifetime: TimeSpan.FromMinutes(10));
        var (service, user) = (env.ServiceToken(), env.UserToken());
        await env.GetAsync(service, user);
        var cached = env.Last.Context.Service;

        env.Time.Advance(CacheApi.RefreshInterval);
        await env.GetAsync(service, user);
        await Eventually.TrueAsync(() => env.Issuer.JwksRequestCount == 2 && env.Keys.Current!.FetchedAt == env.Time.GetUtcNow(), "the scheduled key refresh");
        await env.GetAsync(service, user);

        Assert.Same(cached, env.Last.Context.Service);
    }

    [Fact]
    public async Task Token_refused_as_not_yet_valid_is_not_cached_and_accepted_once_valid()
    {
        await using var env = await CacheApi.StartAsync();
        var now = env.Time.GetUtcNow().ToUnixTimeSeconds();
        var service = env.Api.ServiceToken().Claim("nbf", now + 120).Build();
        var user = env.UserToken();

        await ProblemAssert.IsProblemAsync(await env.GetAsync(service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenNotYetValid);
        Assert.False(env.Holds(service));

        env.Time.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        Assert.True(env.Holds(service));
    }

    [Fact]
    public async Task Token_refused_for_an_unknown_key_is_not_cached_and_accepted_once_the_key_is_published()
    {
        await using var env = await CacheApi.StartAsync();
        await env.GetAsync(env.ServiceToken(), env.UserToken());
        var unpublished = TestSigningKey.Create("key-later");
        var service = env.Api.ServiceToken().SignWith(unpublished).Build();
        var user = env.UserToken();

        await ProblemAssert.IsProblemAsync(await env.GetAsync(service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        env.Issuer.AddKey(unpublished);
        env.Time.Advance(CacheApi.MinInterval);

        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
    }

    [Fact]
    public async Task Cached_user_token_sent_as_the_service_token_is_refused_with_token_type_invalid()
    {
        await using var env = await CacheApi.StartAsync();
        var user = env.UserToken();
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(env.ServiceToken(), user)).StatusCode);

        await ProblemAssert.IsProblemAsync(await env.GetAsync(user, env.UserToken()), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Per_request_check_runs_on_a_cache_hit_and_refuses_a_revoked_token()
    {
        var denylist = new Denylist();
        await using var env = await CacheApi.StartAsync(services: s => s.AddSingleton<ITokenCheck>(denylist));
        var (service, user) = (env.ServiceToken(), env.UserToken());
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        Assert.Equal(4, denylist.Checks);

        denylist.Revoke(env.Last.Context.User!.TokenId);

        await ProblemAssert.IsProblemAsync(await env.GetAsync(service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInvalid);
        Assert.True(env.Holds(user), "the refusal came from the per-request check, on a cache hit");
    }

    [Fact]
    public async Task Flood_of_distinct_valid_tokens_stays_within_the_configured_bounds()
    {
        await using var env = await CacheApi.StartAsync(o =>
        {
            o.VerifiedTokenCache.MaxEntries = 20;
            o.VerifiedTokenCache.MaxTotalCharacters = 12_000;
        });
        var user = env.UserToken();

        for (var i = 0; i < 150; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(env.Api.ServiceToken($"svc-{i}").Build(), user)).StatusCode);
            Assert.InRange(env.Cache.Count, 1, 20);
            Assert.InRange(env.Cache.TotalCharacters, 1, 12_000);
        }

        Assert.Equal(env.Cache.Entries.Sum(e => (long)e.Token.Length), env.Cache.TotalCharacters);
    }

    [Fact]
    public async Task Flood_of_invalid_tokens_caches_nothing()
    {
        await using var env = await CacheApi.StartAsync();
        var template = env.ServiceToken();
        var user = env.UserToken();

        var responses = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
        {
            var forged = (i % 3) switch
            {
                0 => Jws.WithSegment(template, 2, Jws.Encode(Guid.NewGuid().ToString("N"))), // valid-looking, bad signature
                1 => Jws.WithPayload(template, $$"""{"sub":"svc-{{i}}","type":"service"}"""), // altered payload
                _ => "garbage." + Guid.NewGuid().ToString("N"),
            };
            return env.GetAsync(forged, user);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(0, env.Cache.Count);
        Assert.Equal(0, env.Cache.TotalCharacters);
    }

    [Fact]
    public async Task Disabled_cache_verifies_every_request()
    {
        await using var env = await CacheApi.StartAsync(o => o.VerifiedTokenCache.Enabled = false);
        var (service, user) = (env.ServiceToken(), env.UserToken());

        await env.GetAsync(service, user);
        var first = env.Last.Context.Service;
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);

        Assert.NotSame(first, env.Last.Context.Service);
        Assert.Equal(0, env.Cache.Count);
    }
}
