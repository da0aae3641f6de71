using System.Net;

namespace S2SAuth.AspNetCore.Tests.Spiffe;

/// <summary>
/// JWT-SVID bundles are loaded in the background, from a loopback HTTP server or a file: a rotated bundle is picked up
/// without restart, a withdrawn key stops verifying (cached verifications included), and a bundle that never loaded
/// answers 503, never 500.
/// </summary>
public sealed class BundleRefreshTests
{
    private readonly SvidKey _old = SvidKey.EcP256("prod-old");
    private readonly SvidKey _new = SvidKey.EcP256("prod-new");
    private readonly SvidKey _staging = SvidKey.EcP256("staging-1");

    [Fact]
    public async Task Bundle_rotated_on_the_http_endpoint_refuses_the_old_keys_svid_even_after_it_was_cached_and_accepts_the_new_one()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _old), SvidEnvironment.Bundle(1, _staging), prodOverHttp: true);
        var oldToken = env.Svid(_old).Build();
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(oldToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(oldToken)).StatusCode); // now from the cache

        env.ServedBundle = SvidEnvironment.Bundle(2, _new);

        var refused = await Eventually.ReturnsAsync(() => env.ConfirmAsync(oldToken), r => r.StatusCode != HttpStatusCode.OK, "the old key to be withdrawn");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(_new).Build())).StatusCode);
        Assert.Contains(env.BundleServer!.Requests, r => r == "GET /keys");
    }

    [Fact]
    public async Task Plain_jwks_as_served_by_the_spire_oidc_discovery_provider_is_accepted()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Jwks("sig", _old), SvidEnvironment.Jwks(use: null, _staging), prodOverHttp: true);

        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(_old).Build())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(_staging, "spiffe://staging.example.org/ns/a/sa/orders-service").Build())).StatusCode);
    }

    [Fact]
    public async Task Bundle_file_rewritten_is_picked_up_without_restart()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _old), SvidEnvironment.Bundle(1, _staging));
        var oldToken = env.Svid(_old).Build();
        var newToken = env.Svid(_new).Build();
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(oldToken)).StatusCode);
        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(newToken), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);

        await File.WriteAllTextAsync(env.ProdFile, SvidEnvironment.Bundle(2, _new));

        await Eventually.ReturnsAsync(() => env.ConfirmAsync(newToken), r => r.StatusCode == HttpStatusCode.OK, "the new key to be read from the file");
        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(oldToken), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
    }

    [Fact]
    public async Task Bundle_endpoint_down_at_start_answers_503_signing_keys_unavailable_then_accepts_once_it_is_up()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _old), SvidEnvironment.Bundle(1, _staging), prodOverHttp: true, initialStatus: 503);
        var token = env.Svid(_old).Build();

        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(token), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Contains(env.Api.Logs.Entries, e => e.EventId.Id == 1671 && e.Message.Contains("http_503", StringComparison.Ordinal));

        // Another trust domain's bundle is unaffected.
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(_staging, "spiffe://staging.example.org/ns/a/sa/orders-service").Build())).StatusCode);

        env.BundleServerStatus = null;
        await Eventually.ReturnsAsync(() => env.ConfirmAsync(token), r => r.StatusCode == HttpStatusCode.OK, "the bundle to load once the endpoint is up");
    }

    [Fact]
    public async Task Bundle_endpoint_failing_after_a_good_load_keeps_the_last_good_keys()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _old), SvidEnvironment.Bundle(1, _staging), prodOverHttp: true);
        var token = env.Svid(_old).Build();
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(token)).StatusCode);
        var served = env.BundleServer!.Requests.Count;

        env.ServedBundle = "{ not json";
        await Eventually.TrueAsync(() => env.Api.Logs.Entries.Any(e => e.EventId.Id == 1671 && e.Message.Contains("invalid_document", StringComparison.Ordinal)), "a failed load");

        Assert.True(env.BundleServer.Requests.Count > served);
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(_old).Build())).StatusCode);
    }

    [Fact]
    public async Task Missing_bundle_file_answers_503_signing_keys_unavailable_until_it_is_written()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _old), SvidEnvironment.Bundle(1, _staging));
        var token = env.Svid(_staging, "spiffe://staging.example.org/ns/a/sa/orders-service").Build();
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(token)).StatusCode); // loaded (never racing the first load on a busy machine)
        File.Delete(env.StagingFile);
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(_staging, "spiffe://staging.example.org/ns/a/sa/orders-service").Build())).StatusCode); // the keys loaded before are kept

        await using var fresh = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _old), "{}");
        File.Delete(fresh.StagingFile);
        var refused = await fresh.ConfirmAsync(fresh.Svid(_staging, "spiffe://staging.example.org/ns/a/sa/orders-service").Build());
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);

        await File.WriteAllTextAsync(fresh.StagingFile, SvidEnvironment.Bundle(1, _staging));
        await Eventually.ReturnsAsync(() => fresh.ConfirmAsync(fresh.Svid(_staging, "spiffe://staging.example.org/ns/a/sa/orders-service").Build()),
            r => r.StatusCode == HttpStatusCode.OK, "the written file to be read");
    }

    [Fact]
    public async Task Bundle_without_jwt_svid_keys_refuses_its_svids_401_unknown_signing_key()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.BundleWith(1, [], [_old]), SvidEnvironment.Bundle(1, _staging));

        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(env.Svid(_old).Build()), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        Assert.Contains(env.Api.Logs.Entries, e => e.EventId.Id == 1673);
    }

    [Fact]
    public async Task Rsa_key_under_2048_bits_in_a_bundle_is_never_trusted()
    {
        var weak = SvidKey.Rsa("prod-weak", bits: 1024);
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, weak, _old), SvidEnvironment.Bundle(1, _staging));

        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(env.Svid(weak).Build()), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(_old).Build())).StatusCode);
    }

    [Fact]
    public async Task Rsa_and_pss_keys_of_a_bundle_verify_their_svids()
    {
        var rs = SvidKey.Rsa("prod-rs", "RS384");
        var ps = SvidKey.Rsa("prod-ps", "PS512");
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, rs, ps), SvidEnvironment.Bundle(1, _staging));

        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(rs).Build())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(ps).Build())).StatusCode);
    }

    [Fact]
    public async Task Bundle_file_broken_after_a_good_load_keeps_the_last_good_keys_and_is_read_again_at_every_check()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _old), SvidEnvironment.Bundle(1, _staging));
        var token = env.Svid(_old).Build();
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(token)).StatusCode);

        await File.WriteAllTextAsync(env.ProdFile, "{ \"keys\": [ broken");

        // Not taken for an unchanged file: each check reads it again and fails again.
        await Eventually.TrueAsync(() => env.Api.Logs.Entries.Count(e => e.EventId.Id == 1671 && e.Message.Contains(SvidEnvironment.Prod, StringComparison.Ordinal)) >= 2,
            "two failed reads of the broken file");
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(env.Svid(_old).Build())).StatusCode);
    }
}
