using Microsoft.AspNetCore.OpenApi;
using S2SAuth.OpenApi;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Describes S2SAuth's protection in the OpenAPI document that ASP.NET Core generates (<c>AddOpenApi</c>):
/// <c>builder.Services.AddOpenApi(o =&gt; o.AddServiceAuth());</c>.
/// </summary>
public static class ServiceAuthOpenApiOptionsExtensions
{
    /// <summary>
    /// Adds the <c>ServiceToken</c> (API key in <c>X-Service-Token</c>) and <c>UserToken</c> (JWT bearer) security
    /// schemes to the document, and to each operation the security requirements of the identities its endpoint needs,
    /// an <c>x-s2sauth</c> member (activity, identities, tenant source, accepted service credentials) and the
    /// 401/403/503 problem responses S2SAuth can answer with. Public endpoints (<c>AllowAnonymous</c>, or neither
    /// S2SAuth metadata nor authorization) get none of these. The document describes; it enforces nothing.
    /// </summary>
    /// <param name="options">The OpenAPI document's options.</param>
    /// <returns>The same options, for chaining.</returns>
    public static OpenApiOptions AddServiceAuth(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer(new SecuritySchemesTransformer());
        options.AddOperationTransformer(new OperationSecurityTransformer());
        return options;
    }
}
