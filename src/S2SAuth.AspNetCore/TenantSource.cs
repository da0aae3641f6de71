namespace S2SAuth;

/// <summary>Where a <see cref="TenantContext"/> came from.</summary>
public enum TenantSource
{
    /// <summary>No verified token names a tenant.</summary>
    None,

    /// <summary>The user token's <c>tenant_id</c> (user-scoped calls).</summary>
    UserToken,

    /// <summary>The service token's <c>tenant_id</c> (service-only calls).</summary>
    ServiceToken,
}
