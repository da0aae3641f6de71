using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Profiles;

/// <summary>
/// The checks a profile adds besides the token's kind: Entra ID's two issuers of one tenant and its <c>tid</c> rule,
/// Cognito's audience in <c>client_id</c>, RFC 9068's <c>at+jwt</c>, per-profile lifetimes, and overrides of each setting.
/// </summary>
public sealed class ProfileRuleTests : IClassFixture<IssuerFixture>
{
    private readonly TestIssuer _issuer;

    public ProfileRuleTests(IssuerFixture fixture) => _issuer = fixture.Issuer;

    [Fact]
    public async Task Entra_v1_token_of_the_same_tenant_is_accepted_with_appid_as_the_service()
    {
        var entra = ProfileTests.Of("Microsoft Entra ID v2");
        await using var api = await ProfileTests.StartAsync(_issuer, entra);
        var v1 = new Dictionary<string, object?>(entra.Service)
        {
            ["iss"] = $"https://sts.windows.net/{ProviderTokens.EntraTenant}/", ["ver"] = "1.0", ["azp"] = null, ["appid"] = "c9d8-orders-v1", ["idtyp"] = null,
        };

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, entra, v1), ProfileTests.Token(_issuer, entra, entra.User));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"service\":\"c9d8-orders-v1\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0f0f0f0f-0000-4000-8000-000000000000")]
    [InlineData(null)]
    public async Task Entra_token_whose_tid_is_not_the_issuer_tenant_is_refused_with_issuer_invalid_naming_tid(string? tid)
    {
        var entra = ProfileTests.Of("Microsoft Entra ID v2");
        await using var api = await ProfileTests.StartAsync(_issuer, entra, configure: o => o.ServiceTokens.RequiredClaims = []);
        var foreign = new Dictionary<string, object?>(entra.Service) { ["tid"] = tid };

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, entra, foreign), ProfileTests.Token(_issuer, entra, entra.User));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.IssuerInvalid);
        Assert.Equal("tid", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task Entra_token_of_another_tenant_issuer_is_refused_with_issuer_invalid()
    {
        var entra = ProfileTests.Of("Microsoft Entra ID v2");
        await using var api = await ProfileTests.StartAsync(_issuer, entra);
        const string Other = "0f0f0f0f-0000-4000-8000-000000000000";
        var foreign = new Dictionary<string, object?>(entra.Service) { ["iss"] = $"https://login.microsoftonline.com/{Other}/v2.0", ["tid"] = Other };

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, entra, foreign), ProfileTests.Token(_issuer, entra, entra.User));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.IssuerInvalid);
    }

    [Fact]
    public async Task Cognito_token_of_an_app_client_not_listed_as_an_audience_is_refused_with_audience_invalid_naming_client_id()
    {
        var cognito = ProfileTests.Of("Amazon Cognito");
        await using var api = await ProfileTests.StartAsync(_issuer, cognito);
        var unlisted = new Dictionary<string, object?>(cognito.Service) { ["sub"] = "9zz9unlisted", ["client_id"] = "9zz9unlisted" };

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, cognito, unlisted), ProfileTests.Token(_issuer, cognito, cognito.User));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.AudienceInvalid);
        Assert.Equal("client_id", problem.GetProperty("claim").GetString());
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData(null)]
    public async Task Rfc9068_profile_refuses_a_token_whose_typ_is_not_at_jwt(string? typ)
    {
        var rfc = ProfileTests.Of("RFC 9068");
        await using var api = await ProfileTests.StartAsync(_issuer, rfc);
        var plain = rfc with { Typ = typ! };

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, plain, rfc.Service), ProfileTests.Token(_issuer, rfc, rfc.User));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
        Assert.Equal("typ", problem.GetProperty("claim").GetString());
    }

    [Theory]
    [InlineData("Auth0", 24 * 60 + 1)]
    [InlineData("Microsoft Entra ID v2", 121)]
    [InlineData("Keycloak", 61)]
    public async Task Token_longer_lived_than_the_profile_allows_is_refused_with_token_lifetime_invalid(string name, int minutes)
    {
        var provider = ProfileTests.Of(name);
        await using var api = await ProfileTests.StartAsync(_issuer, provider);
        var longLived = provider with { Lifetime = TimeSpan.FromMinutes(minutes) };

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, longLived, provider.Service), ProfileTests.Token(_issuer, provider, provider.User));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenLifetimeInvalid);
    }

    [Fact]
    public async Task Per_kind_lifetime_overrides_the_profile()
    {
        var auth0 = ProfileTests.Of("Auth0");
        await using var api = await ProfileTests.StartAsync(_issuer, auth0, configure: o => o.ServiceTokens.MaxLifetime = TimeSpan.FromHours(1));

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, auth0, auth0.Service), ProfileTests.Token(_issuer, auth0, auth0.User));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenLifetimeInvalid);
    }

    [Fact]
    public async Task Claim_sources_set_in_configuration_replace_the_profile_lists()
    {
        var keycloak = ProfileTests.Of("Keycloak");
        await using var api = await ProfileTests.StartAsync(_issuer, keycloak, configure: o =>
        {
            o.ServiceTokens.IdClaims = ["client_id"];
            o.UserTokens.RoleClaims = ["resource_access.{audience}.roles"];
            o.UserTokens.TenantClaims = ["tenant_id"];
            o.UserTokens.TenantFromIssuer = false;
        });
        var user = new Dictionary<string, object?>(keycloak.User) { ["tenant_id"] = "t-42" };

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, keycloak, keycloak.Service), ProfileTests.Token(_issuer, keycloak, user));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"roles\":[\"order-viewer\"]", body, StringComparison.Ordinal);
        Assert.Contains("\"tenant\":\"t-42\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_claim_missing_is_refused_with_claim_missing_naming_it()
    {
        var okta = ProfileTests.Of("Okta");
        await using var api = await ProfileTests.StartAsync(_issuer, okta);
        var noJti = new Dictionary<string, object?>(okta.Service) { ["jti"] = null };

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, okta, noJti), ProfileTests.Token(_issuer, okta, okta.User));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ClaimMissing);
        Assert.Equal("jti", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task Token_without_any_id_claim_of_the_profile_is_refused_with_claim_missing_naming_the_first()
    {
        var okta = ProfileTests.Of("Okta");
        await using var api = await ProfileTests.StartAsync(_issuer, okta, configure: o => o.UserTokens.IdClaims = ["employee_id", "uid_v2"]);

        var response = await api.GetAsync("/profile", ProfileTests.Token(_issuer, okta, okta.Service), ProfileTests.Token(_issuer, okta, okta.User));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ClaimMissing);
        Assert.Equal("employee_id", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task Token_without_jti_is_accepted_where_the_kind_does_not_require_one()
    {
        await using var api = await TestApi.StartAsync(_issuer, o => o.UserTokens.RequiredClaims = ["sub"]);

        var response = await api.GetAsync("/whoami", api.ServiceToken().Build(), api.UserToken().Without("jti").Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
