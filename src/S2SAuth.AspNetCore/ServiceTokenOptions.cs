namespace S2SAuth;

/// <summary>
/// What S2SAuth reads from a service token, and what it must carry (<c>ServiceAuth:ServiceTokens</c>).
/// Unset settings take the values of <see cref="ServiceAuthOptions.Profile"/>; a list set in configuration replaces the
/// profile's, it is not appended to. A claim name is read as a top-level claim first; when there is none and the name holds dots, as a path into JSON
/// objects (<c>realm_access.roles</c>), where <c>{audience}</c> stands for each of this service's audiences.
/// </summary>
public sealed class ServiceTokenOptions
{
    /// <summary>Claims naming the calling service, in order: the first one present wins (e.g. <c>client_id</c>, <c>azp</c>, <c>cid</c>, <c>appid</c>, <c>sub</c>).</summary>
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

    /// <summary>Claims holding the scopes granted to the service: arrays of strings, or strings split on spaces (<c>scopes</c>, <c>scope</c>, <c>scp</c>, Entra's <c>roles</c>).</summary>
    public IList<string>? ScopeClaims { get; set; }
}
