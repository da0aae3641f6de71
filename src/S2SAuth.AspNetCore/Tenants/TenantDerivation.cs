using Microsoft.AspNetCore.Http;
using S2SAuth.Verification;

namespace S2SAuth.Tenants;

/// <summary>
/// Derives a request's tenant once, at authentication, by the SPEC's rules: a user-scoped call acts in the user token's
/// tenant; a service token's tenant restriction holds whatever the user token says: with a user token that names no
/// tenant, the tenant is the service token's; with a user token of another tenant, the request is in conflict (no
/// tenant) and authorization refuses it.
/// </summary>
internal static class TenantDerivation
{
    public static void Apply(HttpContext http, ServiceAuthContext context, TenantContext? serviceTenant, VerifiedToken? user)
    {
        // A user token's Tenant is never null (None when it names none); a service token's is null when it names none,
        // and a certificate names none.
        if (user?.Tenant is { HasTenant: true } userTenant)
        {
            if (serviceTenant is not null && !string.Equals(serviceTenant.TenantId, userTenant.TenantId, StringComparison.Ordinal))
            {
                context.Tenant = TenantContext.None;
                http.Features.Set(new TenantConflict(serviceTenant, userTenant));
                return;
            }

            context.Tenant = userTenant;
            return;
        }

        context.Tenant = serviceTenant ?? TenantContext.None;
    }
}
