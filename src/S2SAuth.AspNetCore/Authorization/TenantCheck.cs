using Microsoft.AspNetCore.Http;
using S2SAuth.Tenants;

namespace S2SAuth.Authorization;

/// <summary>
/// Step 4: a tenant the request names must be the tenant derived from the verified tokens (at authentication, see
/// <see cref="TenantDerivation"/>); a tenant-scoped endpoint needs a derived tenant; acting in another
/// tenant, or for a user of another tenant than the service token's, needs an endpoint that allows it and the privileged scope.
/// </summary>
internal sealed class TenantCheck
{
    private readonly ActivityRules _rules;

    public TenantCheck(ActivityRules rules) => _rules = rules;

    public async ValueTask<ActivityDecision> CheckAsync(HttpContext http, ServiceAuthContext auth, EndpointRules endpoint, string activity)
    {
        var tenantScoped = endpoint.TenantParameters.Count > 0;
        string? requested = null;
        if (tenantScoped)
        {
            var read = await TenantRequestReader.ReadAsync(http, endpoint.TenantParameters, _rules.MaxTenantBodyBytes).ConfigureAwait(false);
            if (read.ErrorCode is { } code)
            {
                return ActivityDecision.Deny(activity, StatusCodes.Status403Forbidden, code, read.Detail, read.TenantId);
            }

            requested = read.TenantId;
        }

        // The tenant was derived once, at authentication; a tenant-scoped service token acting for a user of another
        // tenant (a conflict: no derived tenant) crosses tenants too.
        var derived = auth.Tenant.TenantId;
        var conflict = TenantConflict.Of(http);
        var crossing = conflict is not null || (requested is not null && !string.Equals(requested, derived, StringComparison.Ordinal));
        if (!crossing)
        {
            return tenantScoped && derived is null
                ? Deny(activity, AuthErrorCodes.TenantMissing, "This endpoint acts in a tenant, and no verified token names one.", requested)
                : ActivityDecision.Allow(activity, requested, crossTenant: false);
        }

        if (!endpoint.AllowCrossTenant)
        {
            conflict?.Refuse();
            return conflict is not null ? Deny(activity, AuthErrorCodes.TenantMismatch, TenantConflictCheck.Detail, requested)
                : derived is null ? Deny(activity, AuthErrorCodes.TenantMissing, "This endpoint acts in a tenant, and no verified token names one.", requested)
                : Deny(activity, AuthErrorCodes.TenantMismatch, "The request names another tenant than the caller's.", requested);
        }

        if (auth.Service?.HasScope(_rules.CrossTenantScope) == true)
        {
            conflict?.AllowAcross(auth);
            return ActivityDecision.Allow(activity, requested, crossTenant: true);
        }

        conflict?.Refuse();
        return Deny(activity, AuthErrorCodes.CrossTenantNotAllowed, "Acting in another tenant needs the privileged cross-tenant scope.", requested);
    }

    private static ActivityDecision Deny(string activity, string code, string detail, string? requested) =>
        ActivityDecision.Deny(activity, StatusCodes.Status403Forbidden, code, detail, requested);
}
