namespace S2SAuth.Profiles;

/// <summary>
/// Each identity provider's token shape, as the provider documents it (sources in docs/identity-providers.md):
/// the table behind <see cref="IdentityProviderProfile"/>.
/// </summary>
internal static class ProviderProfiles
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    private static readonly ProviderProfile S2SAuth = new(
        ServiceTokenRecognition.TypeClaimOrClientCredentials, OneHour, "aud",
        new(["sub"], ["tenant_id"], ["jti", "sub"]) { ScopeClaims = ["scopes", "scope"] },
        new(["sub"], ["tenant_id"], ["jti", "sub"]) { PermissionClaims = ["permissions"], RoleClaims = ["roles"] });

    // Access tokens last 60-90 minutes (random); no jti (uti instead). App-only tokens carry app roles in 'roles'.
    private static readonly ProviderProfile EntraId = new(
        ServiceTokenRecognition.EntraIdAppOnly, TimeSpan.FromHours(2), "aud",
        new(["azp", "appid"], ["tid"], ["tid"]) { ScopeClaims = ["roles"] },
        new(["oid"], ["tid"], ["tid"]) { RoleClaims = ["roles"] })
    {
        EntraIssuers = true,
    };

    // The default Auth0 token profile has no jti; access tokens last 24 hours by default.
    private static readonly ProviderProfile Auth0 = new(
        ServiceTokenRecognition.Auth0ClientCredentials, TimeSpan.FromHours(24), "aud",
        new(["azp", "client_id"], ["org_id"], []) { ScopeClaims = ["scope", "permissions"] },
        new(["sub"], ["org_id"], []) { PermissionClaims = ["permissions"] });

    private static readonly ProviderProfile Keycloak = new(
        ServiceTokenRecognition.KeycloakServiceAccount, OneHour, "aud",
        new(["azp", "client_id"], ["tenant_id"], ["jti"]) { ScopeClaims = ["scope"] },
        new(["sub"], ["tenant_id"], ["jti", "sub"]) { RoleClaims = ["realm_access.roles", "resource_access.{audience}.roles"] });

    private static readonly ProviderProfile Okta = new(
        ServiceTokenRecognition.OktaClientCredentials, OneHour, "aud",
        new(["cid"], ["tenant_id"], ["jti"]) { ScopeClaims = ["scp"] },
        new(["uid"], ["tenant_id"], ["jti"]) { RoleClaims = ["groups"] });

    // Cognito access tokens carry no aud: the app client id (client_id) is the audience.
    private static readonly ProviderProfile Cognito = new(
        ServiceTokenRecognition.CognitoClientCredentials, OneHour, "client_id",
        new(["client_id"], ["tenant_id"], ["jti"]) { ScopeClaims = ["scope"] },
        new(["sub"], ["tenant_id"], ["jti", "sub"]) { RoleClaims = ["cognito:groups"] });

    // Client-credentials tokens have no sub; the client is client_id.
    private static readonly ProviderProfile Duende = new(
        ServiceTokenRecognition.ClientIdWithoutSubject, OneHour, "aud",
        new(["client_id"], ["tenant_id"], ["jti"]) { ScopeClaims = ["scope"] },
        new(["sub"], ["tenant_id"], ["jti", "sub"]) { RoleClaims = ["role"] });

    private static readonly ProviderProfile OpenIddict = Duende;

    // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti are required; §2.2.3.1: roles, groups, entitlements.
    private static readonly ProviderProfile Rfc9068 = new(
        ServiceTokenRecognition.SubjectIsClientId, OneHour, "aud",
        new(["client_id"], ["tenant_id"], ["jti", "sub", "client_id"]) { ScopeClaims = ["scope"] },
        new(["sub"], ["tenant_id"], ["jti", "sub", "client_id"]) { PermissionClaims = ["entitlements"], RoleClaims = ["roles", "groups"] })
    {
        RequireAccessTokenType = true,
    };

    /// <summary>The defaults of <paramref name="profile"/>; an undefined value falls back to S2SAuth's.</summary>
    public static ProviderProfile Of(IdentityProviderProfile profile) => profile switch
    {
        IdentityProviderProfile.EntraId => EntraId,
        IdentityProviderProfile.Auth0 => Auth0,
        IdentityProviderProfile.Keycloak => Keycloak,
        IdentityProviderProfile.Okta => Okta,
        IdentityProviderProfile.Cognito => Cognito,
        IdentityProviderProfile.DuendeIdentityServer => Duende,
        IdentityProviderProfile.OpenIddict => OpenIddict,
        IdentityProviderProfile.Rfc9068 => Rfc9068,
        _ => S2SAuth,
    };
}
