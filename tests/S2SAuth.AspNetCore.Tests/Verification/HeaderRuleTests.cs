using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>The JOSE header rules (RFC 7515, RFC 8725): algorithm allow-list, key id, header-borne keys, crit, typ.</summary>
public sealed class HeaderRuleTests : IClassFixture<ApiFixture>
{
    private readonly TestApi _api;
    private readonly TestIssuer _issuer;

    public HeaderRuleTests(ApiFixture fixture)
    {
        _api = fixture.Api;
        _issuer = fixture.Issuer;
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    [InlineData("nOnE")]
    public async Task Alg_none_with_an_empty_signature_is_rejected_with_alg_not_allowed(string none)
    {
        var token = _api.ServiceToken().Header("alg", none).Build();

        Assert.EndsWith(".", token);
        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    [InlineData("nOnE")]
    public async Task Alg_none_with_a_real_signature_is_rejected_with_alg_not_allowed(string none)
    {
        var signed = _api.ServiceToken().Build();
        var token = _api.ServiceToken().Header("alg", none).Build() + signed.Split('.')[2];

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task HS256_signed_with_the_issuers_RSA_public_key_is_rejected_with_alg_not_allowed()
    {
        var publicKeyAsSecret = new SymmetricSecurityKey(_issuer.CurrentKey.PublicKeyBytes());
        var token = _api.ServiceToken().SignWith(publicKeyAsSecret, SecurityAlgorithms.HmacSha256).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task HS256_signed_with_the_issuers_RSA_public_key_is_rejected_as_a_user_token_too()
    {
        var publicKeyAsSecret = new SymmetricSecurityKey(_issuer.CurrentKey.PublicKeyBytes());
        var token = _api.UserToken().SignWith(publicKeyAsSecret, SecurityAlgorithms.HmacSha256).Build();

        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("RS512")]
    [InlineData("PS384")]
    public async Task RSA_algorithm_outside_the_allow_list_is_rejected_with_alg_not_allowed(string algorithm)
    {
        var token = _api.ServiceToken().SignWith(_issuer.CurrentKey.SecurityKey, algorithm).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task ES512_when_not_allowed_is_rejected_with_alg_not_allowed()
    {
        using var p521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var token = _api.ServiceToken().SignWith(new ECDsaSecurityKey(p521), SecurityAlgorithms.EcdsaSha512).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task HS512_is_rejected_with_alg_not_allowed()
    {
        var secret = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64));
        var token = _api.ServiceToken().SignWith(secret, SecurityAlgorithms.HmacSha512).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Theory]
    [InlineData("rs256")]
    [InlineData("Rs256")]
    [InlineData("RS256 ")]
    [InlineData("")]
    public async Task Alg_that_only_resembles_an_allowed_one_is_rejected_with_alg_not_allowed(string algorithm)
    {
        var valid = _api.ServiceToken().Build();
        var token = Jws.WithHeader(valid, $$"""{"alg":"{{algorithm}}","kid":"{{_issuer.CurrentKey.KeyId}}","typ":"JWT"}""");

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Missing_alg_is_rejected_with_alg_not_allowed()
    {
        var token = Jws.WithHeader(_api.ServiceToken().Build(), $$"""{"kid":"{{_issuer.CurrentKey.KeyId}}","typ":"JWT"}""");

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Token_in_PS256_for_a_key_published_for_RS256_is_rejected_with_alg_not_allowed()
    {
        Assert.Equal("RS256", _issuer.CurrentKey.Algorithm);
        var token = _api.ServiceToken().SignWith(_issuer.CurrentKey.SecurityKey, SecurityAlgorithms.RsaSsaPssSha256).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Unknown_kid_is_rejected_with_unknown_signing_key()
    {
        var token = _api.ServiceToken().Header("kid", "no-such-key").Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.UnknownSigningKey);
    }

    [Fact]
    public async Task Missing_kid_is_rejected_with_unknown_signing_key()
    {
        var token = _api.ServiceToken().Header("kid", null).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.UnknownSigningKey);
    }

    [Fact]
    public async Task Empty_kid_is_rejected_with_unknown_signing_key()
    {
        var token = _api.ServiceToken().Header("kid", string.Empty).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.UnknownSigningKey);
    }

    [Fact]
    public async Task Non_string_kid_is_rejected_with_token_malformed()
    {
        var token = _api.ServiceToken().Header("kid", 1).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenMalformed);
    }

    [Theory]
    [InlineData("jku")]
    [InlineData("x5u")]
    [InlineData("jwk")]
    [InlineData("x5c")]
    public async Task Header_borne_attacker_key_with_a_real_kid_is_ignored_and_rejected_with_signature_invalid(string header)
    {
        await using var attacker = await TestIssuer.StartAsync();
        Assert.Equal(_issuer.CurrentKey.KeyId, attacker.CurrentKey.KeyId);
        var token = AttackerToken(attacker, attacker.CurrentKey, header);

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.SignatureInvalid);
        Assert.Equal(0, attacker.JwksRequestCount + attacker.MetadataRequestCount);
    }

    [Theory]
    [InlineData("jku")]
    [InlineData("x5u")]
    [InlineData("jwk")]
    [InlineData("x5c")]
    public async Task Header_borne_attacker_key_with_its_own_kid_is_ignored_and_rejected_with_unknown_signing_key(string header)
    {
        await using var attacker = await TestIssuer.StartAsync();
        var attackerKey = attacker.AddKey("attacker-key", "RS256");
        var token = AttackerToken(attacker, attackerKey, header);

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.UnknownSigningKey);
        Assert.Equal(0, attacker.JwksRequestCount + attacker.MetadataRequestCount);
    }

    [Fact]
    public async Task Token_signed_by_another_issuers_key_with_the_same_kid_is_rejected_with_signature_invalid()
    {
        await using var other = await TestIssuer.StartAsync();
        Assert.Equal(_issuer.CurrentKey.KeyId, other.CurrentKey.KeyId);
        var token = other.ServiceToken("orders-service", TestApi.Audience, ["order.confirm"]).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.SignatureInvalid);
    }

    [Theory]
    [InlineData("""["exp"]""")]
    [InlineData("""["b64"]""")]
    [InlineData("""["x-unknown"]""")]
    [InlineData("[]")]
    public async Task Crit_header_is_rejected_with_crit_unsupported(string crit)
    {
        var token = _api.ServiceToken().Header("crit", System.Text.Json.JsonDocument.Parse(crit).RootElement).Header("b64", true).Header("x-unknown", 1).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.CriticalHeaderUnsupported);
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("jwt")]
    [InlineData("at+jwt")]
    [InlineData("AT+JWT")]
    [InlineData("application/at+jwt")]
    [InlineData("application/jwt")]
    [InlineData(null)]
    public async Task Typ_header_of_an_access_token_is_accepted(string? typ)
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Header("typ", typ).Build(), _api.UserToken().Header("typ", typ).Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("JWE")]
    [InlineData("jose")]
    [InlineData("jose+json")]
    [InlineData("secevent+jwt")]
    [InlineData("dpop+jwt")]
    [InlineData("logout+jwt")]
    [InlineData("id_token+jwt")]
    [InlineData("application/json")]
    [InlineData("at+jwt; charset=utf-8")]
    public async Task Typ_header_of_another_kind_of_token_is_rejected_with_token_type_invalid(string typ)
    {
        var token = _api.ServiceToken().Header("typ", typ).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Non_string_typ_header_is_rejected_with_token_malformed()
    {
        var token = _api.ServiceToken().Header("typ", 7).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Payload_changed_after_signing_is_rejected_with_signature_invalid()
    {
        var valid = _api.ServiceToken("orders-service").Build();
        var forged = Jws.Decode(valid, 1).Replace("orders-service", "admin-service", StringComparison.Ordinal);

        await AssertServiceTokenRefusedAsync(Jws.WithPayload(valid, forged), AuthErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Header_changed_after_signing_is_rejected_with_signature_invalid()
    {
        var valid = _api.ServiceToken().Build();
        var header = Jws.Decode(valid, 0).Replace("\"JWT\"", "\"at+jwt\"", StringComparison.Ordinal);

        await AssertServiceTokenRefusedAsync(Jws.WithHeader(valid, header), AuthErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Stripped_signature_is_rejected_with_signature_invalid()
    {
        var valid = _api.ServiceToken().Build();

        await AssertServiceTokenRefusedAsync(Jws.WithSegment(valid, 2, string.Empty), AuthErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Signature_of_another_token_is_rejected_with_signature_invalid()
    {
        var valid = _api.ServiceToken().Build();
        var other = _api.ServiceToken("billing-service").Build();

        await AssertServiceTokenRefusedAsync(Jws.WithSegment(valid, 2, other.Split('.')[2]), AuthErrorCodes.SignatureInvalid);
    }

    private string AttackerToken(TestIssuer attacker, TestSigningKey attackerKey, string header)
    {
        var builder = _api.ServiceToken().SignWith(attackerKey.SecurityKey, attackerKey.Algorithm).Header("kid", attackerKey.KeyId);
        var rsa = ((RsaSecurityKey)attackerKey.SecurityKey).Rsa;
        var p = rsa.ExportParameters(includePrivateParameters: false);
        return header switch
        {
            "jku" => builder.Header("jku", attacker.Authority + "/.well-known/jwks.json").Build(),
            "x5u" => builder.Header("x5u", attacker.Authority + "/.well-known/jwks.json").Build(),
            "jwk" => builder.Header("jwk", new Dictionary<string, string>
            {
                ["kty"] = "RSA", ["kid"] = attackerKey.KeyId, ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            }).Build(),
            "x5c" => builder.Header("x5c", new[] { SelfSignedCertificate(rsa) }).Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(header)),
        };
    }

    private static string SelfSignedCertificate(RSA rsa)
    {
        var request = new CertificateRequest("CN=orders-service", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(certificate.RawData);
    }

    private async Task AssertServiceTokenRefusedAsync(string token, string code)
    {
        var response = await _api.GetAsync("/whoami", token, _api.UserToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, code);
    }
}
