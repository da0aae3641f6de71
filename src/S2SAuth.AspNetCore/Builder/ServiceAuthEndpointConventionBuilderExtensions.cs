using S2SAuth;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Declares which identities an endpoint or route group needs.</summary>
public static class ServiceAuthEndpointConventionBuilderExtensions
{
    /// <summary>
    /// The endpoint needs <paramref name="identities"/> instead of the configured default (also for its
    /// <c>RequireActivity</c> checks that declare none). Use <c>AllowAnonymous()</c> for the few public endpoints (health).
    /// </summary>
    public static TBuilder RequireIdentities<TBuilder>(this TBuilder builder, RequiredIdentities identities)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = new RequireIdentitiesAttribute(identities);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }
}
