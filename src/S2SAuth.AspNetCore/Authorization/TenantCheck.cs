using Microsoft.AspNetCore.Http;

namespace S2SAuth.Authorization;

/// <summary>
/// Step 4: a tenant the request names must be the tenant derived from the verified tokens; a tenant-scoped endpoint
/// needs a derived tenant; acting in another tenant needs an endpoint that allows it and the privileged scope.
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
                return ActivityDecision.Deny(activity, StatusCodes.Status403Forbidden, code, read.Detail);
            }

            requested = read.TenantId;
        }

        var derived = auth.Tenant.TenantId;

        // A tenant-scoped service token acting for a user of another tenant crosses tenants too.
        var identitiesDisagree = auth.Service?.TenantId is { } serviceTenant && auth.User?.TenantId is { } userTenant
            && !string.Equals(serviceTenant, userTenant, StringComparison.Ordinal);
        var crossing = identitiesDisagree || (requested is not null && !string.Equals(requested, derived, StringComparison.Ordinal));
        if (!crossing)
        {
            return tenantScoped && derived is null
                ? Deny(activity, AuthErrorCodes.TenantMissing, "This endpoint acts in a tenant, and no verified token names one.", requested)
                : ActivityDecision.Allow(activity, requested, crossTenant: false);
        }

        if (!endpoint.AllowCrossTenant)
        {
            return derived is null
                ? Deny(activity, AuthErrorCodes.TenantMissing, "This endpoint acts in a tenant, and no verified token names one.", requested)
                : Deny(activity, AuthErrorCodes.TenantMismatch, "The request names another tenant than the caller's.", requested);
        }

        return auth.Service?.HasScope(_rules.CrossTenantScope) == true
            ? ActivityDecision.Allow(activity, requested, crossTenant: true)
            : Deny(activity, AuthErrorCodes.CrossTenantNotAllowed, "Acting in another tenant needs the privileged cross-tenant scope.", requested);
    }

    private static ActivityDecision Deny(string activity, string code, string detail, string? requested) =>
        ActivityDecision.Deny(activity, StatusCodes.Status403Forbidden, code, detail, requested);
}
