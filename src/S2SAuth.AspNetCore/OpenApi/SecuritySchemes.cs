using Microsoft.OpenApi;
using S2SAuth.Http;

namespace S2SAuth.OpenApi;

/// <summary>The <c>ServiceToken</c> and <c>UserToken</c> security schemes, and references to them.</summary>
internal static class SecuritySchemes
{
    public const string Service = "ServiceToken";
    public const string User = "UserToken";

    /// <summary>Adds both schemes to <paramref name="document"/>'s components unless already there.</summary>
    public static void EnsureIn(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        if (!document.Components.SecuritySchemes.ContainsKey(Service))
        {
            document.AddComponent<IOpenApiSecurityScheme>(Service, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = HeaderNames.ServiceToken,
                Description = "The calling service's token (a JWT from the issuer), in the X-Service-Token header.",
            });
        }

        if (!document.Components.SecuritySchemes.ContainsKey(User))
        {
            document.AddComponent<IOpenApiSecurityScheme>(User, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The end user's token, as Authorization: Bearer.",
            });
        }
    }

    public static OpenApiSecuritySchemeReference Reference(string id, OpenApiDocument? document) => new(id, document);
}
