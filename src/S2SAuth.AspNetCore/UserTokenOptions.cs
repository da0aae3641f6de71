namespace S2SAuth;

/// <summary>
/// What S2SAuth reads from a user token, and what it must carry (<c>ServiceAuth:UserTokens</c>).
/// Unset settings take the values of <see cref="ServiceAuthOptions.Profile"/>; a list set in configuration replaces the
/// profile's, it is not appended to. A claim name is read as a top-level claim first; when there is none and the name holds dots, as a path into JSON
/// objects (<c>realm_access.roles</c>), where <c>{audience}</c> stands for each of this service's audiences.
/// </summary>
public sealed class UserTokenOptions
{
    /// <summary>Claims naming the user, in order: the first one present wins (e.g. <c>sub</c>, Entra ID's <c>oid</c>, Okta's <c>uid</c>).</summary>
    public IList<string>? IdClaims { get; set; }

    /// <summary>Claims naming the tenant, in order (e.g. <c>tenant_id</c>, <c>tid</c>, <c>org_id</c>).</summary>
    public IList<string>? TenantClaims { get; set; }

    /// <summary>
    /// When <see langword="true"/>, a token naming no tenant in <see cref="TenantClaims"/> takes its tenant from its issuer:
    /// the last segment of the <c>iss</c> path (a Keycloak realm, for realms that are one tenant each).
    /// </summary>
    public bool? TenantFromIssuer { get; set; }

    /// <summary>Claims the token must carry besides <c>iss</c>, <c>aud</c>, <c>exp</c>, <c>iat</c> and an id claim (e.g. <c>jti</c>, <c>sub</c>); refused with <c>claim_missing</c> naming the claim.</summary>
    public IList<string>? RequiredClaims { get; set; }

    /// <summary>Longest accepted lifetime (<c>exp - iat</c>) of this kind; between 1 second and 24 hours. Unset: <see cref="ServiceAuthOptions.MaxTokenLifetime"/>.</summary>
    public TimeSpan? MaxLifetime { get; set; }

    /// <summary>Claims holding activity keys granted to the user directly (arrays of strings or single strings, e.g. <c>permissions</c>).</summary>
    public IList<string>? PermissionClaims { get; set; }

    /// <summary>Claims holding the user's roles, mapped to activities by <c>ServiceAuth:Authorization:Roles</c> (e.g. <c>roles</c>, <c>realm_access.roles</c>, <c>cognito:groups</c>).</summary>
    public IList<string>? RoleClaims { get; set; }
}
