using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace S2SAuth.OpenApi;

/// <summary>
/// Describes one operation's S2SAuth protection from its endpoint's metadata: the security requirements of the
/// identities it needs, the <c>x-s2sauth</c> member, and the 401/403/503 problem responses. Public endpoints are left
/// as they are.
/// </summary>
internal sealed class OperationSecurityTransformer : IOpenApiOperationTransformer
{
    public const string Extension = "x-s2sauth";
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var options = context.ApplicationServices.GetService<IOptions<ServiceAuthOptions>>()?.Value ?? new ServiceAuthOptions();
        var protection = EndpointProtection.Read(
            context.Description.ActionDescriptor.EndpointMetadata, options.DefaultRequiredIdentities, options.DefaultServiceCredential);
        if (protection is null)
        {
            return Task.CompletedTask;
        }

        var document = context.Document;
        if (document is not null)
        {
            SecuritySchemes.EnsureIn(document);
        }

        operation.Security = Requirements(protection, document);
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
        operation.Extensions[Extension] = new JsonNodeExtension(Describe(protection));
        operation.Responses ??= [];
        AddProblem(operation.Responses, "401", "Unauthorized: a required token is missing or does not verify.", ProblemResponses.Unauthorized(protection));
        AddProblem(operation.Responses, "403", "Forbidden: the verified caller may not do this.", ProblemResponses.Forbidden(protection));
        AddProblem(operation.Responses, "503", "Service unavailable: a dependency of the check could not answer; retry later.", ProblemResponses.Unavailable(protection));
        return Task.CompletedTask;
    }

    private static List<OpenApiSecurityRequirement> Requirements(EndpointProtection p, OpenApiDocument? document)
    {
        OpenApiSecurityRequirement Of(params string[] schemes)
        {
            var requirement = new OpenApiSecurityRequirement();
            foreach (var scheme in schemes)
            {
                requirement[SecuritySchemes.Reference(scheme, document)] = [];
            }

            return requirement;
        }

        return p.Identities switch
        {
            RequiredIdentities.ServiceOnly => [Of(SecuritySchemes.Service)],
            RequiredIdentities.User => [Of(SecuritySchemes.User)],
            RequiredIdentities.ServiceWithOptionalUser => [Of(SecuritySchemes.Service, SecuritySchemes.User), Of(SecuritySchemes.Service)],
            _ => [Of(SecuritySchemes.Service, SecuritySchemes.User)],
        };
    }

    private static JsonObject Describe(EndpointProtection p)
    {
        var description = new JsonObject
        {
            ["identities"] = p.Identities.ToString(),
            ["credentials"] = p.Credentials.ToString(),
        };
        if (p.Activities.Count > 0)
        {
            description["activity"] = p.Activities.Count == 1 ? JsonValue.Create(p.Activities[0]) : new JsonArray([.. p.Activities.Select(a => (JsonNode?)JsonValue.Create(a))]);
        }

        if (p.TenantParameters.Count > 0)
        {
            description["tenantFrom"] = new JsonArray([.. p.TenantParameters.Select(t => (JsonNode?)new JsonObject
            {
                ["source"] = t.Source.ToString(),
                ["name"] = t.Name,
            })]);
        }

        if (p.AllowCrossTenant)
        {
            description["crossTenant"] = true;
        }

        return description;
    }

    private static void AddProblem(OpenApiResponses responses, string status, string summary, IReadOnlyList<string> codes)
    {
        if (responses.ContainsKey(status))
        {
            return;
        }

        responses[status] = new OpenApiResponse
        {
            Description = summary + " Problem codes: " + string.Join(", ", codes) + ".",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [ProblemJson] = new OpenApiMediaType() },
        };
    }
}
