using Microsoft.AspNetCore.Authorization;
using S2SAuth.Authorization;

namespace S2SAuth;

/// <summary>
/// The endpoint needs the activity, checked in order: the required identities, the calling service's scopes, the
/// user's permission, the tenant rules, the object rule. On MVC controllers and actions as an attribute; on
/// minimal-API endpoints and route groups through <c>.RequireActivity("...")</c>, which adds this same metadata.
/// Several activities (a group's and an endpoint's, a controller's and an action's) must all be allowed.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RequireActivityAttribute : Attribute, IAuthorizationRequirementData, IActivityDeclaration
{
    private readonly IAuthorizationRequirement[] _requirements;

    /// <summary>The endpoint needs <paramref name="activity"/>, with the endpoint's or the configured default identities.</summary>
    public RequireActivityAttribute(string activity)
        : this(activity, null)
    {
    }

    /// <summary>The endpoint needs <paramref name="activity"/>, and the request must carry <paramref name="identities"/>.</summary>
    public RequireActivityAttribute(string activity, RequiredIdentities identities)
        : this(activity, (RequiredIdentities?)identities)
    {
    }

    private RequireActivityAttribute(string activity, RequiredIdentities? identities)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activity);
        if (activity.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"An activity key has no spaces ('{activity}').", nameof(activity));
        }

        if (identities is { } value && !Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(nameof(identities), value, "Unknown RequiredIdentities value.");
        }

        Activity = activity;
        Identities = identities;
        _requirements = [new ActivityRequirement(activity, identities)];
    }

    /// <summary>The activity key, e.g. <c>order.confirm</c>.</summary>
    public string Activity { get; }

    /// <summary>The identities declared with the activity, or <see langword="null"/> for the default.</summary>
    public RequiredIdentities? Identities { get; }

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => _requirements;
}
