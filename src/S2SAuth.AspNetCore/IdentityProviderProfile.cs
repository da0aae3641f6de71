namespace S2SAuth;

/// <summary>
/// The shape of the tokens an identity provider issues (<c>ServiceAuth:Profile</c>): how a service token is told from a
/// user token, which claims name the service, the user, the tenant, scopes, permissions and roles, which claims are
/// required, the longest lifetime and how the audience is checked. Each setting a profile makes can be overridden one by
/// one (<c>ServiceAuth:ServiceTokens</c>, <c>ServiceAuth:UserTokens</c>, <c>ServiceAuth:ServiceTokenRecognition</c>,
/// <c>ServiceAuth:MaxTokenLifetime</c>, <c>ServiceAuth:AudienceClaim</c>). The README's "Works with" table lists them.
/// </summary>
public enum IdentityProviderProfile
{
    /// <summary>S2SAuth's own token shape (the default): <c>type=service|user</c>, the service and the user in <c>sub</c>, <c>tenant_id</c>, <c>scopes</c>/<c>scope</c>, <c>permissions</c>, <c>roles</c>; <c>jti</c> and <c>sub</c> required.</summary>
    S2SAuth,

    /// <summary>Microsoft Entra ID, v1 and v2 access tokens of one tenant: an app-only token (<c>idtyp=app</c>, or <c>oid == sub</c> without <c>scp</c>) is a service named by <c>azp</c>/<c>appid</c>; a delegated token (<c>scp</c>) is a user named by <c>oid</c>; tenant <c>tid</c>, which must be the issuer's tenant.</summary>
    EntraId,

    /// <summary>Auth0: <c>gty=client-credentials</c> or <c>sub</c> ending in <c>@clients</c> is a service named by <c>azp</c>; tenant <c>org_id</c>; <c>permissions</c>; <c>jti</c> optional; lifetime up to 24 hours.</summary>
    Auth0,

    /// <summary>Keycloak: <c>preferred_username</c> starting with <c>service-account-</c> plus <c>azp</c>/<c>client_id</c> is a service; user roles from <c>realm_access.roles</c> and <c>resource_access.{audience}.roles</c>.</summary>
    Keycloak,

    /// <summary>Okta: no <c>uid</c> and <c>sub == cid</c> is a service named by <c>cid</c>; a user is named by <c>uid</c>; scopes in <c>scp</c>; roles from <c>groups</c>.</summary>
    Okta,

    /// <summary>Amazon Cognito access tokens (<c>token_use=access</c>): no <c>username</c> and <c>sub == client_id</c> is a service; the audience is <c>client_id</c> (Cognito access tokens carry no <c>aud</c>); roles from <c>cognito:groups</c>.</summary>
    Cognito,

    /// <summary>Duende IdentityServer: a <c>client_id</c> without <c>sub</c> is a service; a user is named by <c>sub</c>; roles from <c>role</c>.</summary>
    DuendeIdentityServer,

    /// <summary>OpenIddict: a <c>client_id</c> without <c>sub</c>, or with <c>sub == client_id</c>, is a service; a user is named by <c>sub</c>; roles from <c>role</c>.</summary>
    OpenIddict,

    /// <summary>RFC 9068 JWT access tokens: <c>typ</c> header <c>at+jwt</c> required; <c>sub == client_id</c> is a service; <c>sub</c>, <c>client_id</c> and <c>jti</c> required; <c>roles</c>, <c>groups</c>, <c>entitlements</c>.</summary>
    Rfc9068,
}
