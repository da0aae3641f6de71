using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Spiffe;

/// <summary>
/// SPIFFE JWT-SVIDs sent as the service token (JWT-SVID specification): verified with the bundle of the trust domain in
/// their <c>sub</c> only, mapped to a service id by the SPIFFE rules, scoped by <c>ServiceAuth:ServiceScopes</c>, and
/// refused with the service token's stable codes; ordinary service tokens keep working beside them.
/// </summary>
public sealed class JwtSvidTests : IAsyncLifetime
{
    private readonly SvidKey _prodKey = SvidKey.EcP256("prod-1");
    private readonly SvidKey _stagingKey = SvidKey.EcP256("staging-1");
    private readonly SvidKey _x509Key = SvidKey.EcP256("prod-x509");
    private SvidEnvironment _env = null!;

    public async Task InitializeAsync() =>
        _env = await SvidEnvironment.StartAsync(SvidEnvironment.BundleWith(1, [_prodKey], [_x509Key]), SvidEnvironment.Bundle(7, _stagingKey));

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Valid_svid_is_accepted_as_SpiffeJwt_with_the_service_id_of_the_path_template_and_the_configured_scopes()
    {
        var token = _env.Svid(_prodKey).Claim("jti", "svid-1").Build();

        var response = await _env.ConfirmAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("orders-service", body.GetProperty("service").GetString());
        Assert.Equal(nameof(ServiceCredentialKind.SpiffeJwt), body.GetProperty("credential").GetString());
        Assert.Equal(["order.confirm", "order.read"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("svid-1", body.GetProperty("tokenId").GetString());
    }

    [Fact]
    public async Task Svid_with_an_exactly_mapped_id_and_no_jti_is_accepted_with_an_empty_token_id()
    {
        var token = _env.Svid(_prodKey, "spiffe://prod.example.org/legacy/billing").Without("jti").Build();

        var response = await _env.ConfirmAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("billing-service", body.GetProperty("service").GetString());
        Assert.Equal(string.Empty, body.GetProperty("tokenId").GetString());
    }

    [Fact]
    public async Task Svid_of_another_configured_trust_domain_is_verified_with_that_domains_bundle()
    {
        var token = _env.Svid(_stagingKey, "spiffe://staging.example.org/ns/shop/sa/orders-service").Build();

        Assert.Equal(HttpStatusCode.OK, (await _env.ConfirmAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Ordinary_service_token_of_the_issuer_keeps_working_beside_svids()
    {
        var svid = await _env.ConfirmAsync(_env.Svid(_prodKey).Build());
        var response = await _env.ConfirmAsync(_env.Api.ServiceToken("orders-service", SvidEnvironment.Activity).Build());

        Assert.Equal(HttpStatusCode.OK, svid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(nameof(ServiceCredentialKind.Token), body.GetProperty("credential").GetString());
    }

    [Theory]
    [InlineData("spiffe://evil.example.org/ns/shop/sa/orders-service")] // trust domain not allowed
    [InlineData("spiffe://mesh.example.org/ns/shop/sa/orders-service")] // allowed trust domain, but no JWT bundle configured
    [InlineData("spiffe://prod.example.org/shop/orders-service")] // does not match the path template
    public async Task Svid_naming_a_workload_that_may_not_call_is_refused_401_certificate_identity_not_allowed(string spiffeId)
    {
        var response = await _env.ConfirmAsync(_env.Svid(_prodKey, spiffeId).Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateIdentityNotAllowed);
    }

    [Fact]
    public async Task Svid_whose_sub_is_not_a_valid_spiffe_id_is_refused_401_certificate_identity_invalid()
    {
        var response = await _env.ConfirmAsync(_env.Svid(_prodKey, "spiffe://prod.example.org/ns/../sa/orders-service").Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateIdentityInvalid);
    }

    [Fact]
    public async Task Svid_signed_by_one_trust_domains_key_but_claiming_another_is_refused_401_unknown_signing_key()
    {
        var token = _env.Svid(_stagingKey, "spiffe://prod.example.org/ns/shop/sa/orders-service").Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
    }

    [Fact]
    public async Task Svid_signed_by_another_domains_key_with_a_kid_the_claimed_domain_also_uses_is_refused_401_signature_invalid()
    {
        var impostor = SvidKey.EcP256(_prodKey.KeyId); // staging could publish any kid, prod's included
        await File.WriteAllTextAsync(_env.StagingFile, SvidEnvironment.Bundle(8, _stagingKey, impostor));
        var stagingToken = _env.Svid(impostor, "spiffe://staging.example.org/ns/shop/sa/orders-service").Build();
        await Eventually.ReturnsAsync(() => _env.ConfirmAsync(stagingToken), r => r.StatusCode == HttpStatusCode.OK, "staging's new key to be loaded");

        var token = _env.Svid(impostor, "spiffe://prod.example.org/ns/shop/sa/orders-service").Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Svid_signed_with_a_key_the_bundle_publishes_for_x509_svids_only_is_refused_401_unknown_signing_key()
    {
        var token = _env.Svid(_x509Key).Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.UnknownSigningKey);
    }

    [Fact]
    public async Task Expired_svid_is_refused_401_token_expired()
    {
        var token = _env.Svid(_prodKey).Claim("iat", DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds()).ExpiresIn(TimeSpan.FromMinutes(-5)).Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task Svid_without_exp_is_refused_401_claim_missing()
    {
        var token = _env.Svid(_prodKey).Without("exp").Build();

        var body = await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.ClaimMissing);
        Assert.Equal("exp", body.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task Svid_for_another_audience_is_refused_401_audience_invalid()
    {
        var token = _env.Svid(_prodKey).Audience("reports-service").Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.AudienceInvalid);
    }

    [Fact]
    public async Task Svid_without_aud_is_refused_401_claim_missing()
    {
        var token = _env.Svid(_prodKey).Without("aud").Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.ClaimMissing);
    }

    [Fact]
    public async Task Svid_living_longer_than_the_service_tokens_maximum_is_refused_401_token_lifetime_invalid()
    {
        var withIat = _env.Svid(_prodKey).ExpiresIn(TimeSpan.FromHours(3)).Build();
        var withoutIat = _env.Svid(_prodKey).Without("iat").ExpiresIn(TimeSpan.FromHours(3)).Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(withIat), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenLifetimeInvalid);
        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(withoutIat), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenLifetimeInvalid);
    }

    [Fact]
    public async Task Svid_without_iat_within_the_maximum_lifetime_is_accepted()
    {
        var token = _env.Svid(_prodKey).Without("iat").ExpiresIn(TimeSpan.FromMinutes(5)).Build();

        Assert.Equal(HttpStatusCode.OK, (await _env.ConfirmAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Unsigned_svid_is_refused_401_alg_not_allowed()
    {
        var token = _env.Svid(_prodKey).Header("alg", "none").Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Svid_signed_with_HS256_over_the_public_key_is_refused_401_alg_not_allowed()
    {
        var secret = new SymmetricSecurityKey(SHA256.HashData(Base64UrlEncoder.DecodeBytes(_prodKey.PublicJwk["x"]!.GetValue<string>())));
        var token = _env.Svid(_prodKey).SignWith(secret, SecurityAlgorithms.HmacSha256).Header("kid", _prodKey.KeyId).Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Theory]
    [InlineData("typ", "at+jwt", AuthErrorCodes.TokenTypeInvalid)]
    [InlineData("jku", "https://attacker.example/keys", AuthErrorCodes.TokenMalformed)]
    [InlineData("kid", null, AuthErrorCodes.UnknownSigningKey)]
    [InlineData("kid", "prod-unknown", AuthErrorCodes.UnknownSigningKey)]
    public async Task Svid_header_outside_the_specification_is_refused_401(string name, string? value, string code)
    {
        var token = _env.Svid(_prodKey).Header(name, value).Build();

        await ProblemAssert.IsProblemAsync(await _env.ConfirmAsync(token), HttpStatusCode.Unauthorized, code);
    }

    [Theory]
    [InlineData("JOSE")]
    [InlineData(null)]
    public async Task Svid_with_typ_JOSE_or_without_typ_is_accepted(string? typ)
    {
        var token = _env.Svid(_prodKey).Header("typ", typ).Build();

        Assert.Equal(HttpStatusCode.OK, (await _env.ConfirmAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Svid_sent_as_the_user_token_is_refused_401_token_type_invalid()
    {
        var token = _env.Svid(_prodKey).Build();

        var response = await _env.Api.GetAsync("/whoami", _env.Api.ServiceToken().Build(), userToken: token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Svid_forged_by_changing_its_sub_after_signing_is_refused_401_signature_invalid()
    {
        var token = _env.Svid(_prodKey).Build();
        var payload = Jws.Decode(token, 1).Replace("orders-service", "admin-service", StringComparison.Ordinal);

        var response = await _env.ConfirmAsync(Jws.WithPayload(token, payload));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Nothing_of_a_token_or_a_key_is_logged_whether_accepted_or_refused()
    {
        var accepted = _env.Svid(_prodKey).Build();
        var refused = _env.Svid(_prodKey).Audience("reports-service").Build();
        var foreign = _env.Svid(_prodKey, "spiffe://evil.example.org/ns/shop/sa/orders-service").Build();

        await _env.ConfirmAsync(accepted);
        await _env.ConfirmAsync(accepted);
        await _env.ConfirmAsync(refused);
        await _env.ConfirmAsync(foreign);

        var logs = _env.Api.Logs.AllText();
        Assert.Contains(_env.Api.Logs.Entries, e => e.EventId.Id == 1670); // the bundles were loaded, and said so
        Assert.Contains(_env.Api.Logs.Entries, e => e.EventId.Id == 1676); // and refusals were logged
        foreach (var token in new[] { accepted, refused, foreign })
        {
            foreach (var part in token.Split('.'))
            {
                Assert.DoesNotContain(part, logs, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(_prodKey.PublicJwk["x"]!.GetValue<string>(), logs, StringComparison.Ordinal);
    }
}
