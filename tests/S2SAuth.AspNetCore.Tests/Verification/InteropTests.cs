using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>Tokens of standard issuers: RFC 9068 access tokens, scope strings, audience arrays, EC and PSS keys.</summary>
public sealed class InteropTests : IClassFixture<IssuerFixture>
{
    private readonly TestIssuer _issuer;

    public InteropTests(IssuerFixture fixture) => _issuer = fixture.Issuer;

    [Theory]
    [InlineData("at+jwt", false)]
    [InlineData("application/at+jwt", false)]
    [InlineData("at+jwt", true)]
    public async Task RFC_9068_client_credentials_token_verifies_as_a_service_token(string typ, bool audienceArray)
    {
        await using var api = await TestApi.StartAsync(_issuer, o => o.ServiceTokenRecognition = ServiceTokenRecognition.TypeClaimOrClientCredentials);
        var token = Rfc9068ServiceToken(typ, audienceArray);

        var response = await api.GetAsync("/system", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("billing-worker", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RFC_9068_scope_string_becomes_the_service_scopes()
    {
        await using var api = await TestApi.StartAsync(_issuer);

        var response = await api.GetAsync("/whoami", Rfc9068ServiceToken("at+jwt", audienceArray: false), Rfc9068UserToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["billing.reconcile", "pricing.resolve"], body.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("user_123", body.GetProperty("user").GetString());
    }

    [Fact]
    public async Task RFC_9068_client_credentials_token_is_refused_as_a_service_token_when_only_the_type_claim_counts()
    {
        await using var api = await TestApi.StartAsync(_issuer, o => o.ServiceTokenRecognition = ServiceTokenRecognition.TypeClaim);

        var response = await api.GetAsync("/system", Rfc9068ServiceToken("at+jwt", audienceArray: false));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task RFC_9068_client_credentials_token_is_refused_as_a_user_token()
    {
        await using var api = await TestApi.StartAsync(_issuer);

        var response = await api.GetAsync("/gateway", userToken: Rfc9068ServiceToken("at+jwt", audienceArray: false));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Token_from_the_issuers_client_credentials_endpoint_without_a_type_claim_verifies_as_a_service_token()
    {
        await using var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { ServiceTokenType = null });
        issuer.AddClient("billing-worker", "s3cret-for-tests", "billing.reconcile");
        await using var api = await TestApi.StartAsync(issuer);
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "billing-worker", ["client_secret"] = "s3cret-for-tests", ["audience"] = TestApi.Audience,
        });
        var tokenResponse = await (await http.PostAsync(issuer.TokenEndpoint, form)).Content.ReadFromJsonAsync<JsonElement>();
        var accessToken = tokenResponse.GetProperty("access_token").GetString()!;
        Assert.DoesNotContain("\"type\"", Jws.Decode(accessToken, 1), StringComparison.Ordinal);

        var response = await api.GetAsync("/system", accessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("PS256")]
    [InlineData("RS256")]
    public async Task Tokens_signed_with_each_default_algorithm_verify(string algorithm)
    {
        await using var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { Algorithm = algorithm });
        await using var api = await TestApi.StartAsync(issuer);

        var response = await api.GetAsync("/whoami", api.ServiceToken().Build(), api.UserToken().Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(algorithm, JsonDocument.Parse(Jws.Decode(api.ServiceToken().Build(), 0)).RootElement.GetProperty("alg").GetString());
    }

    [Fact]
    public async Task ES256_token_is_rejected_with_alg_not_allowed_when_the_allow_list_omits_it()
    {
        await using var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { Algorithm = "ES256" });
        await using var api = await TestApi.StartAsync(issuer, o => o.ValidAlgorithms = ["RS256"]);

        var response = await api.GetAsync("/whoami", api.ServiceToken().Build(), api.UserToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.AlgorithmNotAllowed);
    }

    private string Rfc9068ServiceToken(string typ, bool audienceArray)
    {
        var builder = _issuer.Token().Header("typ", typ).Claim("sub", "billing-worker").Claim("client_id", "billing-worker")
            .Claim("scope", "pricing.resolve billing.reconcile");
        return (audienceArray ? builder.Audience("urn:ledger", TestApi.Audience) : builder.Audience(TestApi.Audience)).Build();
    }

    private string Rfc9068UserToken() =>
        _issuer.Token().Header("typ", "at+jwt").Claim("sub", "user_123").Claim("client_id", "frontend").Claim("scope", "openid orders")
            .Claim("tenant_id", "tenant_789").Audience(TestApi.Audience).Build();
}
