using System.Net;
using S2SAuth.AspNetCore.Tests.Caching.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Caching;

/// <summary>A verification cached with a key goes when the issuer withdraws that key: no cache hit outlives its key.</summary>
public sealed class WithdrawnKeyTests
{
    [Fact]
    public async Task Cached_token_of_a_withdrawn_key_is_refused_with_unknown_signing_key_while_the_other_keys_keep_working()
    {
        await using var env = await CacheApi.StartAsync(tokenLifetime: TimeSpan.FromMinutes(10));
        var second = env.Issuer.AddKey("key-2", "ES256");
        env.Time.Advance(CacheApi.MinInterval);
        var service = env.Api.ServiceToken().SignWith(second).Build();
        var user = env.UserToken();
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        Assert.True(env.Holds(service));
        env.Issuer.RemoveKey(second.KeyId);

        env.Time.Advance(CacheApi.RefreshInterval);
        await env.GetAsync(service, user); // notices the due refresh, which runs in the background
        await Eventually.TrueAsync(() => !env.Keys.Current!.KeysById.ContainsKey(second.KeyId), "the refresh to withdraw the key");

        await ProblemAssert.IsProblemAsync(await env.GetAsync(service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        Assert.False(env.Holds(service));
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(env.ServiceToken(), user)).StatusCode);
    }

    [Fact]
    public async Task Cached_token_is_refused_with_signing_keys_unavailable_once_the_issuer_publishes_only_unusable_keys()
    {
        await using var env = await CacheApi.StartAsync(tokenLifetime: TimeSpan.FromMinutes(10));
        var (service, user) = (env.ServiceToken(), env.UserToken());
        Assert.Equal(HttpStatusCode.OK, (await env.GetAsync(service, user)).StatusCode);
        Assert.True(env.Holds(service));
        env.Issuer.RemoveKey(env.Issuer.CurrentKey.KeyId);
        env.Issuer.AddKey(TestSigningKey.CreateRsa("weak-1", "RS256", 1024));

        env.Time.Advance(CacheApi.RefreshInterval);
        await env.GetAsync(service, user); // notices the due refresh, which runs in the background
        var refused = await Eventually.ReturnsAsync(() => env.GetAsync(service, user), r => r.StatusCode != HttpStatusCode.OK, "the withdrawal to reach the cache");

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
    }
}
