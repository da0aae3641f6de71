using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace S2SAuth.OpenApi;

/// <summary>Adds S2SAuth's two security schemes to the document's components, once.</summary>
internal sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        SecuritySchemes.EnsureIn(document);
        return Task.CompletedTask;
    }
}
