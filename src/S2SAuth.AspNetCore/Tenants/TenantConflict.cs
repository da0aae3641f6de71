using Microsoft.AspNetCore.Http;

namespace S2SAuth.Tenants;

/// <summary>
/// A request whose tenant-scoped service token acts for a user of another tenant. Found once, at authentication; the
/// request's <see cref="ServiceAuthContext.Tenant"/> is then <see cref="TenantContext.None"/> (neither tenant) until an
/// authorization step decides: refused with <c>tenant_mismatch</c>, or allowed across tenants on an
/// <c>AllowCrossTenant</c> endpoint to a caller holding the privileged scope (then the tenant is the user's).
/// Either decision is audited once. Carried on the request as a feature (<see cref="Of"/>), not on the public context.
/// </summary>
internal sealed class TenantConflict
{
    public TenantConflict(TenantContext serviceTenant, TenantContext userTenant)
    {
        ServiceTenant = serviceTenant;
        UserTenant = userTenant;
    }

    /// <summary>The request's conflict, if its tokens are in one.</summary>
    public static TenantConflict? Of(HttpContext http) => http.Features.Get<TenantConflict>();

    /// <summary>The service token's tenant.</summary>
    public TenantContext ServiceTenant { get; }

    /// <summary>The user token's tenant.</summary>
    public TenantContext UserTenant { get; }

    /// <summary><see langword="null"/> until decided; then whether the request may act across tenants.</summary>
    public bool? AllowedAcross { get; private set; }

    /// <summary>Refuses the crossing (the caller records the decision).</summary>
    public void Refuse() => AllowedAcross = false;

    /// <summary>Allows the crossing: the request acts in the user's tenant (audited as cross-tenant by the caller).</summary>
    public void AllowAcross(ServiceAuthContext context)
    {
        AllowedAcross = true;
        context.Tenant = UserTenant;
    }
}
