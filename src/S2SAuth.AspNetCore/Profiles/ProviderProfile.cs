namespace S2SAuth.Profiles;

/// <summary>The defaults one <see cref="IdentityProviderProfile"/> gives every token setting.</summary>
internal sealed record ProviderProfile(
    ServiceTokenRecognition Recognition,
    TimeSpan MaxLifetime,
    string AudienceClaim,
    KindDefaults Service,
    KindDefaults User)
{
    /// <summary>RFC 9068 §4: the <c>typ</c> header must be <c>at+jwt</c> (or <c>application/at+jwt</c>).</summary>
    public bool RequireAccessTokenType { get; init; }

    /// <summary>Entra ID: the v1 and v2 issuers of one tenant are both accepted, and <c>tid</c> must be the issuer's tenant.</summary>
    public bool EntraIssuers { get; init; }
}

/// <summary>A profile's defaults for one kind of token. Lists a kind does not read stay empty.</summary>
internal sealed record KindDefaults(string[] IdClaims, string[] TenantClaims, string[] RequiredClaims)
{
    public string[] ScopeClaims { get; init; } = [];

    public string[] PermissionClaims { get; init; } = [];

    public string[] RoleClaims { get; init; } = [];
}
