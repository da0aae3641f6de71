namespace S2SAuth.Profiles;

/// <summary>The settled rules of one kind of token: the profile's defaults with the configured overrides applied.</summary>
internal sealed class KindRules
{
    public KindRules(KindDefaults defaults, ServiceTokenOptions options, TimeSpan maxLifetime, IReadOnlyList<string> audiences)
        : this(defaults, options.IdClaims, options.TenantClaims, options.TenantFromIssuer, options.RequiredClaims, options.MaxLifetime ?? maxLifetime, audiences)
    {
        ScopeClaims = ClaimPath.Parse(options.ScopeClaims ?? defaults.ScopeClaims, audiences);
    }

    public KindRules(KindDefaults defaults, UserTokenOptions options, TimeSpan maxLifetime, IReadOnlyList<string> audiences)
        : this(defaults, options.IdClaims, options.TenantClaims, options.TenantFromIssuer, options.RequiredClaims, options.MaxLifetime ?? maxLifetime, audiences)
    {
        PermissionClaims = ClaimPath.Parse(options.PermissionClaims ?? defaults.PermissionClaims, audiences);
        RoleClaims = ClaimPath.Parse(options.RoleClaims ?? defaults.RoleClaims, audiences);
    }

    private KindRules(KindDefaults defaults, IList<string>? idClaims, IList<string>? tenantClaims, bool? tenantFromIssuer, IList<string>? requiredClaims, TimeSpan maxLifetime, IReadOnlyList<string> audiences)
    {
        IdClaims = [.. idClaims ?? defaults.IdClaims];
        TenantClaims = ClaimPath.Parse(tenantClaims ?? defaults.TenantClaims, audiences);
        TenantFromIssuer = tenantFromIssuer ?? false;
        RequiredClaims = [.. requiredClaims ?? defaults.RequiredClaims];
        MaxLifetimeSeconds = (long)maxLifetime.TotalSeconds;
    }

    /// <summary>Top-level claims naming the caller, in order; the first holding a non-empty string wins.</summary>
    public string[] IdClaims { get; }

    public ClaimPath[] TenantClaims { get; }

    public bool TenantFromIssuer { get; }

    public string[] RequiredClaims { get; }

    public long MaxLifetimeSeconds { get; }

    public ClaimPath[] ScopeClaims { get; } = [];

    public ClaimPath[] PermissionClaims { get; } = [];

    public ClaimPath[] RoleClaims { get; } = [];
}
