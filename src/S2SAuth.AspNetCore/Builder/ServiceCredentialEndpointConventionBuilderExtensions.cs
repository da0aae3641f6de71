using S2SAuth;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>RequireServiceCredential</c>: which credential proves the calling service, for minimal-API endpoints and route groups.</summary>
public static class ServiceCredentialEndpointConventionBuilderExtensions
{
    /// <summary>
    /// The calling service must be proved by <paramref name="policy"/> (a service token, a client certificate, either,
    /// or a certificate-bound token) instead of <c>ServiceAuth:DefaultServiceCredential</c>. See <see cref="RequireServiceCredentialAttribute"/>.
    /// </summary>
    public static TBuilder RequireServiceCredential<TBuilder>(this TBuilder builder, ServiceCredentialPolicy policy)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = new RequireServiceCredentialAttribute(policy);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }
}
