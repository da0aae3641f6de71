using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace S2SAuth.Authorization;

/// <summary>The configured maps of <see cref="ActivityAuthorizationOptions"/>, frozen once for fast lookups.</summary>
internal sealed class ActivityRules
{
    private readonly FrozenDictionary<string, string[]> _scopesByActivity;
    private readonly FrozenDictionary<string, string[]> _rolesByActivity;
    private readonly FrozenDictionary<string, FrozenSet<string>> _actorsByActivity;

    public ActivityRules(IOptions<ServiceAuthOptions> options)
    {
        var value = options.Value;
        var authorization = value.Authorization;
        DefaultIdentities = value.DefaultRequiredIdentities;
        CrossTenantScope = authorization.CrossTenantScope;
        MaxTenantBodyBytes = authorization.MaxTenantBodyBytes;
        _scopesByActivity = authorization.ActivityScopes
            .ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _rolesByActivity = authorization.RoleActivities
            .SelectMany(kv => kv.Value.Select(activity => (Role: kv.Key, Activity: activity)))
            .GroupBy(x => x.Activity, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Role).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _actorsByActivity = authorization.ActivityActors
            .ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public RequiredIdentities DefaultIdentities { get; }

    public string CrossTenantScope { get; }

    public int MaxTenantBodyBytes { get; }

    /// <summary>Whether the service's scopes hold the activity key itself or a scope mapped to it.</summary>
    public bool ServiceAllows(ServiceIdentity service, string activity)
    {
        if (service.Scopes.Contains(activity))
        {
            return true;
        }

        if (_scopesByActivity.TryGetValue(activity, out var scopes))
        {
            foreach (var scope in scopes)
            {
                if (service.Scopes.Contains(scope))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether every actor of the user token's delegation chain may act for the user on the activity: always when the
    /// activity lists no actors (<c>ActivityActors</c>) or the token has no chain.
    /// </summary>
    public bool ActorsAllowed(UserIdentity user, string activity)
    {
        if (user.Actors.Count == 0 || !_actorsByActivity.TryGetValue(activity, out var allowed))
        {
            return true;
        }

        foreach (var actor in user.Actors)
        {
            if (!allowed.Contains(actor))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the user token grants the activity, through <c>permissions</c> or a mapped role.</summary>
    public bool UserClaimsGrant(UserIdentity user, string activity)
    {
        if (user.Permissions.Contains(activity))
        {
            return true;
        }

        if (_rolesByActivity.TryGetValue(activity, out var roles))
        {
            foreach (var role in roles)
            {
                if (user.Roles.Contains(role))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
