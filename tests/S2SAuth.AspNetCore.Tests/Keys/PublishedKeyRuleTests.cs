using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Keys;

/// <summary>What the issuer's JWKS says about a key limits what it may verify (RFC 7517 §4.2-4.4, RFC 7518 §3.3).</summary>
public sealed class PublishedKeyRuleTests
{
    [Fact]
    public async Task Key_published_for_encryption_does_not_verify_signatures()
    {
        await using var issuer = await TestIssuer.StartAsync();
        var encryptionKey = issuer.AddKey(TestSigningKey.Create("enc-1").WithJwkParameter("use", "enc"));
        await using var api = await TestApi.StartAsync(issuer);

        var response = await api.GetAsync("/system", api.ServiceToken().SignWith(encryptionKey).Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
    }

    [Fact]
    public async Task RSA_key_shorter_than_2048_bits_is_not_trusted()
    {
        await using var issuer = await TestIssuer.StartAsync();
        var weak = issuer.AddKey(TestSigningKey.CreateRsa("weak-1", "RS256", 1024));
        await using var api = await TestApi.StartAsync(issuer);

        var response = await api.GetAsync("/system", api.ServiceToken().SignWith(weak).Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/system", api.ServiceToken().Build())).StatusCode);
    }

    [Fact]
    public async Task Key_published_without_alg_verifies_any_allowed_algorithm_of_its_type()
    {
        await using var issuer = await TestIssuer.StartAsync();
        var noAlg = issuer.AddKey(TestSigningKey.Create("no-alg").WithJwkParameter("alg", null));
        await using var api = await TestApi.StartAsync(issuer);

        var rs256 = await api.GetAsync("/system", api.ServiceToken().SignWith(noAlg).Build());
        var ps256 = await api.GetAsync("/system", api.ServiceToken().SignWith(noAlg).SignWith(noAlg.SecurityKey, "PS256").Build());

        Assert.Equal(HttpStatusCode.OK, rs256.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ps256.StatusCode);
    }

    [Fact]
    public async Task Key_published_without_alg_does_not_verify_an_algorithm_outside_the_allow_list()
    {
        await using var issuer = await TestIssuer.StartAsync();
        var noAlg = issuer.AddKey(TestSigningKey.Create("no-alg").WithJwkParameter("alg", null));
        await using var api = await TestApi.StartAsync(issuer);

        var response = await api.GetAsync("/system", api.ServiceToken().SignWith(noAlg).SignWith(noAlg.SecurityKey, "RS512").Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task EC_key_does_not_verify_a_token_that_claims_an_RSA_algorithm()
    {
        await using var issuer = await TestIssuer.StartAsync();
        var ec = issuer.AddKey(TestSigningKey.Create("ec-no-alg", "ES256").WithJwkParameter("alg", null));
        await using var api = await TestApi.StartAsync(issuer);
        var token = Jws.WithHeader(api.ServiceToken().SignWith(ec).Build(), """{"alg":"RS256","kid":"ec-no-alg","typ":"JWT"}""");

        var response = await api.GetAsync("/system", token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.SignatureInvalid);
    }
}
