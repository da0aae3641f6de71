using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Keys;

/// <summary>
/// A JWKS the issuer answered is authoritative: when it holds no usable key, no key is trusted any more (503), however
/// the refresh was triggered; last good keys are kept only when the fetch itself fails.
/// </summary>
public sealed class KeyWithdrawalTests
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Scheduled_refresh_that_finds_an_empty_key_set_drops_every_key_and_answers_503_signing_keys_unavailable()
    {
        await using var env = await FakeClockApi.StartAsync();
        var withdrawn = env.Issuer.CurrentKey;
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.RemoveKey(withdrawn.KeyId);
        env.Time.Advance(RefreshInterval);

        var refused = await Eventually.ReturnsAsync(() => env.CallAsync(withdrawn), r => r.StatusCode != HttpStatusCode.OK, "the withdrawn key to be refused");

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Contains(env.Api.Logs.Entries, e => e.EventId.Id == 1013);
    }

    [Fact]
    public async Task Scheduled_refresh_that_finds_only_an_RSA_1024_key_drops_every_key_and_answers_503_signing_keys_unavailable()
    {
        await using var env = await FakeClockApi.StartAsync();
        var withdrawn = env.Issuer.CurrentKey;
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.RemoveKey(withdrawn.KeyId);
        var weak = env.Issuer.AddKey(TestSigningKey.CreateRsa("weak-1", "RS256", 1024));
        env.Time.Advance(RefreshInterval);

        var refused = await Eventually.ReturnsAsync(() => env.CallAsync(withdrawn), r => r.StatusCode != HttpStatusCode.OK, "the withdrawn key to be refused");

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        await ProblemAssert.IsProblemAsync(await env.CallAsync(weak), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
    }

    [Fact]
    public async Task Unknown_kid_refresh_that_finds_no_usable_key_drops_the_keys_it_had()
    {
        await using var env = await FakeClockApi.StartAsync();
        var withdrawn = env.Issuer.CurrentKey;
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.RemoveKey(withdrawn.KeyId);
        env.Time.Advance(MinInterval);

        await ProblemAssert.IsProblemAsync(await env.CallAsync(TestSigningKey.Create("key-unpublished")), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);

        await ProblemAssert.IsProblemAsync(await env.CallAsync(withdrawn), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal(2, env.Issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Keys_published_again_after_a_withdrawal_are_trusted_again_after_the_min_interval()
    {
        await using var env = await FakeClockApi.StartAsync();
        var key = env.Issuer.CurrentKey;
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.RemoveKey(key.KeyId);
        env.Time.Advance(RefreshInterval);
        await Eventually.ReturnsAsync(() => env.CallAsync(key), r => r.StatusCode == HttpStatusCode.ServiceUnavailable, "the withdrawal to take effect");

        var replacement = env.Issuer.RotateKey();
        env.Time.Advance(MinInterval);

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync(replacement)).StatusCode);
    }

    [Fact]
    public async Task Unparsable_JWKS_is_a_failed_fetch_and_the_last_good_keys_stay_in_use()
    {
        await using var env = await FakeClockApi.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.JwksResponseBody = "{\"keys\": not json";
        env.Time.Advance(RefreshInterval);

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        await Eventually.TrueAsync(() => env.Api.Logs.Entries.Any(e => e.EventId.Id == 1002), "the failed refresh to be logged");

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
    }

    [Fact]
    public async Task JWKS_without_a_keys_member_is_a_failed_fetch_not_an_empty_key_set()
    {
        await using var env = await FakeClockApi.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        env.Issuer.JwksResponseBody = "{}";
        env.Time.Advance(RefreshInterval);

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
        await Eventually.TrueAsync(() => env.Api.Logs.Entries.Any(e => e.EventId.Id == 1002), "the failed refresh to be logged");

        Assert.Equal(HttpStatusCode.OK, (await env.CallAsync()).StatusCode);
    }
}
