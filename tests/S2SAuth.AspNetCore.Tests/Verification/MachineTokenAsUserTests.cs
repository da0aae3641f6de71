using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>
/// A client-credentials (machine) token of a well-known issuer never passes as the user, even without a <c>type</c>
/// claim and whatever its <c>sub</c>: under the default profile it is refused with <c>token_type_unrecognized</c> (it is
/// not an S2SAuth service token either: neither rule holds, so nothing is guessed). The claim sets follow each
/// provider's documented access-token shape (Auth0 "Access Token Profiles"; Microsoft Entra "Access token claims
/// reference"; Keycloak service accounts; Okta "Access tokens" for client credentials; Amazon Cognito "Access token");
/// the user tokens of the same providers stay accepted.
/// </summary>
public sealed class MachineTokenAsUserTests : IClassFixture<ApiFixture>
{
    private readonly TestApi _api;
    private readonly TestIssuer _issuer;

    public MachineTokenAsUserTests(ApiFixture fixture)
    {
        _api = fixture.Api;
        _issuer = fixture.Issuer;
    }

    /// <summary>Each with the code it gets: unrecognized (neither rule holds), or invalid when sub == client_id makes it an S2SAuth service token.</summary>
    public static TheoryData<string, string[], string> MachineTokens() => new()
    {
        { "Auth0 machine-to-machine (RFC 9068 profile)", ["sub=H7tQ0xdb@clients", "azp=H7tQ0xdb", "gty=client-credentials"], AuthErrorCodes.TokenTypeUnrecognized },
        { "Auth0 machine-to-machine, no gty", ["sub=H7tQ0xdb@clients", "azp=H7tQ0xdb"], AuthErrorCodes.TokenTypeUnrecognized },
        { "Entra ID v2 app-only with idtyp", ["sub=5f1c6b4e-oid", "oid=5f1c6b4e-oid", "azp=7d2e-app", "idtyp=app", "tid=72f988bf"], AuthErrorCodes.TokenTypeUnrecognized },
        { "Entra ID v2 app-only without idtyp", ["sub=5f1c6b4e-oid", "oid=5f1c6b4e-oid", "azp=7d2e-app", "tid=72f988bf"], AuthErrorCodes.TokenTypeUnrecognized },
        { "Keycloak service account", ["sub=0b1e6c7e-3d1f-4c5a-9f7b-2a4c6e8d0f12", "azp=billing-service", "client_id=billing-service", "preferred_username=service-account-billing-service"], AuthErrorCodes.TokenTypeUnrecognized },
        { "Okta client credentials", ["sub=0oa1b2c3d4", "cid=0oa1b2c3d4", "scp=orders.read"], AuthErrorCodes.TokenTypeUnrecognized },
        { "Amazon Cognito client credentials", ["sub=3n4b5urk1ft4fl3mg5e62d9ado", "client_id=3n4b5urk1ft4fl3mg5e62d9ado", "token_use=access", "scope=orders/read"], AuthErrorCodes.TokenTypeInvalid },
    };

    public static TheoryData<string, string[]> UserTokens() => new()
    {
        { "Auth0 user", ["sub=auth0|64f1c2", "azp=spa-client"] },
        { "Entra ID v2 delegated", ["sub=AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "oid=5f1c6b4e-user", "azp=7d2e-app", "scp=Orders.Read", "tid=72f988bf"] },
        { "Keycloak user", ["sub=9a8b7c6d-user", "azp=frontend", "preferred_username=alice"] },
        { "Okta user", ["sub=alice@example.com", "cid=0oa1b2c3d4", "uid=00u1a2b3c4", "scp=orders.read"] },
        { "Amazon Cognito user", ["sub=aaaa-bbbb-user", "client_id=3n4b5urk1ft4fl3mg5e62d9ado", "token_use=access", "username=alice"] },
    };

    [Theory]
    [MemberData(nameof(MachineTokens))]
    public async Task Machine_token_of_a_known_issuer_sent_as_the_user_under_the_default_profile_is_refused(string provider, string[] claims, string code)
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), Shaped(claims));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, code);
        Assert.False(string.IsNullOrEmpty(provider));
        Assert.DoesNotContain("H7tQ0xdb", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UserTokens))]
    public async Task User_token_of_the_same_issuers_is_still_accepted_as_the_user(string provider, string[] claims)
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), Shaped(claims));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{provider}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private string Shaped(string[] claims)
    {
        var builder = _issuer.Token().Audience(TestApi.Audience).Claim("tenant_id", "tenant_789");
        foreach (var claim in claims)
        {
            var at = claim.IndexOf('=', StringComparison.Ordinal);
            builder.Claim(claim[..at], claim[(at + 1)..]);
        }

        return builder.Build();
    }
}
