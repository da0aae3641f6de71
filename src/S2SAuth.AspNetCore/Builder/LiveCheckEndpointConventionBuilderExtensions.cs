using S2SAuth;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>RequireLiveCheck</c>: central verification (RFC 7662 introspection) for minimal-API endpoints and route groups.</summary>
public static class LiveCheckEndpointConventionBuilderExtensions
{
    /// <summary>
    /// The endpoint needs the issuer's live answer about the request's tokens (see <see cref="RequireLiveCheckAttribute"/>):
    /// each is verified locally, then introspected, and refused unless the issuer says it is active. Needs
    /// <c>AddServiceAuth(...).AddIntrospection()</c>.
    /// </summary>
    public static TBuilder RequireLiveCheck<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = new RequireLiveCheckAttribute();
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }
}
