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

    /// <summary>The credential that proved the service is bound to one tenant (an API key configured with a <c>Tenant</c>).</summary>
    Credential,

    /// <summary>The webhook endpoint's tenant resolver, run only after the provider's signature held.</summary>
    Webhook,
}
