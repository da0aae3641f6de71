using Microsoft.AspNetCore.Authorization;

namespace S2SAuth;

/// <summary>
/// The requirement of an object-level check made through <see cref="ObjectRuleContext.AuthorizeResourceAsync"/>:
/// handle it with an <c>AuthorizationHandler&lt;ObjectAccessRequirement, TResource&gt;</c> for your object type.
/// </summary>
public sealed class ObjectAccessRequirement : IAuthorizationRequirement
{
    internal ObjectAccessRequirement(string activity, ServiceAuthContext serviceAuth)
    {
        Activity = activity;
        ServiceAuth = serviceAuth;
    }

    /// <summary>The activity being decided.</summary>
    public string Activity { get; }

    /// <summary>The verified service, user and tenant of the request.</summary>
    public ServiceAuthContext ServiceAuth { get; }
}
