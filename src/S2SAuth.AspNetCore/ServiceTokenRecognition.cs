namespace S2SAuth;

/// <summary>
/// How S2SAuth tells a service token from a user token: an explicit rule for each, never a guess. A token that matches
/// the service rule is never a user; a token that matches neither rule cleanly is refused as either kind
/// (<see cref="AuthErrorCodes.TokenTypeInvalid"/>). Whatever the rule, a token carrying a well-known client-credentials
/// mark (Auth0, Entra ID, Keycloak, Okta, Cognito, a <c>client_id</c> without <c>sub</c>) is never a user.
/// The default comes from <see cref="ServiceAuthOptions.Profile"/>.
/// </summary>
public enum ServiceTokenRecognition
{
    /// <summary>Only the <c>type</c> claim: <c>service</c> is a service; <c>user</c> or no <c>type</c> is a user.</summary>
    TypeClaim,

    /// <summary>
    /// The <c>type</c> claim when present; otherwise a token whose <c>sub</c> equals its <c>client_id</c> (or <c>azp</c>)
    /// is a service (a client-credentials token of an RFC 9068 issuer that cannot add claims), and any other a user.
    /// The <see cref="IdentityProviderProfile.S2SAuth"/> profile's rule.
    /// </summary>
    TypeClaimOrClientCredentials,

    /// <summary>Entra ID: <c>idtyp=app</c>, or <c>oid == sub</c> without <c>scp</c>, is a service; a token with <c>scp</c>, without <c>idtyp=app</c> and with <c>oid != sub</c> is a user.</summary>
    EntraIdAppOnly,

    /// <summary>Auth0: <c>gty=client-credentials</c> or <c>sub</c> ending in <c>@clients</c> is a service; any other token with a <c>sub</c> is a user.</summary>
    Auth0ClientCredentials,

    /// <summary>Keycloak: <c>preferred_username</c> starting with <c>service-account-</c> plus <c>client_id</c> or <c>azp</c> is a service; a token with neither that prefix nor a <c>client_id</c> claim is a user.</summary>
    KeycloakServiceAccount,

    /// <summary>Okta: no <c>uid</c> and <c>sub == cid</c> is a service; a token with <c>uid</c> and <c>sub != cid</c> is a user.</summary>
    OktaClientCredentials,

    /// <summary>Amazon Cognito: <c>token_use=access</c> without <c>username</c> and <c>sub == client_id</c> is a service; <c>token_use=access</c> with <c>username</c> is a user; ID tokens are neither.</summary>
    CognitoClientCredentials,

    /// <summary>Duende IdentityServer, OpenIddict: a <c>client_id</c> with no <c>sub</c> (or <c>sub == client_id</c>) is a service; a token whose <c>sub</c> is not its <c>client_id</c> is a user.</summary>
    ClientIdWithoutSubject,

    /// <summary>RFC 9068 §2.2: <c>sub == client_id</c> is a service (client credentials); <c>sub != client_id</c> is a user.</summary>
    SubjectIsClientId,
}
