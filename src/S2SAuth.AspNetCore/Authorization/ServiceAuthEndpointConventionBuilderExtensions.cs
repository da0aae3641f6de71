using Microsoft.AspNetCore.Authorization;
using S2SAuth;
using S2SAuth.Authorization;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Declares which identities an endpoint or route group needs.</summary>
public static class ServiceAuthEndpointConventionBuilderExtensions
{
    /// <summary>
    /// The endpoint needs <paramref name="identities"/> instead of the configured default. Use
    /// <c>AllowAnonymous()</c> for the few public endpoints (health).
    /// </summary>
    public static TBuilder RequireIdentities<TBuilder>(this TBuilder builder, RequiredIdentities identities)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var policy = new AuthorizationPolicyBuilder(ServiceAuthDefaults.AuthenticationScheme)
            .AddRequirements(new IdentityRequirement(identities))
            .Build();
        return builder.RequireAuthorization(policy);
    }
}
