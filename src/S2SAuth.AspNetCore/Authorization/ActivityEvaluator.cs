using Microsoft.AspNetCore.Http;
using S2SAuth.Http;

namespace S2SAuth.Authorization;

/// <summary>
/// Decides a request against its activities, in the SPEC's order, stopping at the first failure:
/// identities, service scopes, the delegation chain's actors, user permission, tenant rules, object rule.
/// </summary>
internal sealed class ActivityEvaluator
{
    private readonly ActivityRules _rules;
    private readonly PermissionCheck _permissions;
    private readonly TenantCheck _tenants;
    private readonly ObjectRuleCheck _objects;

    public ActivityEvaluator(ActivityRules rules, PermissionCheck permissions, TenantCheck tenants, ObjectRuleCheck objects)
    {
        _rules = rules;
        _permissions = permissions;
        _tenants = tenants;
        _objects = objects;
    }

    public async ValueTask<ActivityDecision> DecideAsync(HttpContext http, ServiceAuthContext? auth, IReadOnlyList<string> activities, RequiredIdentities identities, EndpointRules endpoint)
    {
        var innermost = activities[^1];

        // 1. Identities: a token that failed verification, or a missing or unwanted identity.
        if (Refusal.OfAuthentication(http) is { } failure)
        {
            return ActivityDecision.Deny(innermost, failure.Status, failure.Code, failure.Detail);
        }

        if (IdentityRequirement.Check(identities, auth) is { } refusal)
        {
            return ActivityDecision.Deny(innermost, refusal.Status, refusal.Code, null);
        }

        if (auth is null)
        {
            return ActivityDecision.Deny(innermost, StatusCodes.Status401Unauthorized, AuthErrorCodes.ServiceTokenMissing, null);
        }

        // 2. The calling service's scopes.
        if (auth.Service is { } service)
        {
            for (var i = 0; i < activities.Count; i++)
            {
                var activity = activities[i];
                if (!_rules.ServiceAllows(service, activity))
                {
                    return ActivityDecision.Deny(activity, StatusCodes.Status403Forbidden, AuthErrorCodes.ScopeMissing,
                        $"The calling service's scopes do not allow '{activity}'.");
                }
            }
        }

        // 3. The services a delegated user token was exchanged for (its act chain): each must be allowed the activity.
        if (auth.User is { Actors.Count: > 0 } delegated)
        {
            for (var i = 0; i < activities.Count; i++)
            {
                var activity = activities[i];
                if (!_rules.ActorsAllowed(delegated, activity))
                {
                    return ActivityDecision.Deny(activity, StatusCodes.Status403Forbidden, AuthErrorCodes.ActorNotAllowed,
                        $"A service of the user token's delegation chain may not act for the user on '{activity}'.");
                }
            }
        }

        // 4. The user's permission.
        if (auth.User is { } user)
        {
            for (var i = 0; i < activities.Count; i++)
            {
                if (await _permissions.CheckAsync(http, auth, user, activities[i]).ConfigureAwait(false) is { } denied)
                {
                    return denied;
                }
            }
        }

        // 5. Tenant rules.
        var tenant = await _tenants.CheckAsync(http, auth, endpoint, innermost).ConfigureAwait(false);
        if (!tenant.Allowed)
        {
            return tenant;
        }

        // 6. The endpoint's object rule.
        if (endpoint.ObjectRules.Count > 0 && !await _objects.AllowsAsync(http, auth, endpoint, innermost).ConfigureAwait(false))
        {
            return ActivityDecision.Deny(innermost, StatusCodes.Status403Forbidden, AuthErrorCodes.ObjectDenied,
                "Access to this object is not allowed.", tenant.RequestedTenantId);
        }

        return tenant;
    }
}
