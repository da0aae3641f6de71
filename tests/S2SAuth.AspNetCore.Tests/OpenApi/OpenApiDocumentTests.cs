using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using S2SAuth.AspNetCore.Tests.Framework;
using Microsoft.Extensions.DependencyInjection;

namespace S2SAuth.AspNetCore.Tests.OpenApi;

/// <summary>
/// The OpenAPI document of an API protected by S2SAuth (<c>AddOpenApi(o =&gt; o.AddServiceAuth())</c>), fetched from
/// <c>/openapi/v1.json</c> over TestServer and read as JSON: schemes, per-operation requirements, <c>x-s2sauth</c> and
/// problem responses follow each endpoint's metadata.
/// </summary>
public sealed class OpenApiDocumentTests(IssuerFixture fixture) : IClassFixture<IssuerFixture>
{
    private static void Map(WebApplication app)
    {
        app.MapGet("/orders/{id}", (string id) => id).RequireActivity("order.read", RequiredIdentities.User);
        app.MapPost("/jobs/reindex", () => "ok").RequireActivity("search.reindex", RequiredIdentities.ServiceOnly)
            .RequireServiceCredential(ServiceCredentialPolicy.TokenOrCertificate);
        app.MapGet("/tenants/{tenantId}/prices", (string tenantId) => tenantId)
            .RequireActivity("price.read", RequiredIdentities.ServiceWithOptionalUser)
            .WithTenantFrom(TenantParameterSource.Route, "tenantId");
        app.MapPut("/admin/tenants/{tenantId}", (string tenantId) => tenantId)
            .RequireActivity("tenant.admin").WithTenantFrom(TenantParameterSource.Route, "tenantId").AllowCrossTenant();
        app.MapGet("/status", () => "up").AllowAnonymous();
        app.MapGet("/plain", () => "no metadata");
        app.MapOpenApi().AllowAnonymous();
    }

    private async Task<JsonObject> DocumentAsync(Action<ServiceAuthOptions>? configure = null, int registrations = 1)
    {
        await using var api = await TestApi.StartAsync(fixture.Issuer, configure, s => s.AddOpenApi(o =>
        {
            for (var i = 0; i < registrations; i++)
            {
                o.AddServiceAuth();
            }
        }), Map);
        var response = await api.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static JsonObject Operation(JsonObject document, string path, string method) =>
        document["paths"]![path]![method]!.AsObject();

    /// <summary>Each requirement as its sorted scheme names joined by '+', in document order.</summary>
    private static string[] Requirements(JsonObject operation) =>
        operation["security"] is JsonArray security
            ? [.. security.Select(r => string.Join("+", r!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal)))]
            : [];

    [Fact]
    public async Task Components_hold_both_schemes_once_with_their_exact_shape()
    {
        var document = await DocumentAsync();

        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal(["ServiceToken", "UserToken"], schemes.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal("apiKey", (string?)schemes["ServiceToken"]!["type"]);
        Assert.Equal("header", (string?)schemes["ServiceToken"]!["in"]);
        Assert.Equal("X-Service-Token", (string?)schemes["ServiceToken"]!["name"]);
        Assert.Equal("http", (string?)schemes["UserToken"]!["type"]);
        Assert.Equal("bearer", (string?)schemes["UserToken"]!["scheme"]);
        Assert.Equal("JWT", (string?)schemes["UserToken"]!["bearerFormat"]);
        Assert.Null(document["security"]);
    }

    [Fact]
    public async Task Each_operation_requires_exactly_the_identities_its_endpoint_needs()
    {
        var document = await DocumentAsync();

        Assert.Equal(["UserToken"], Requirements(Operation(document, "/orders/{id}", "get")));
        Assert.Equal(["ServiceToken"], Requirements(Operation(document, "/jobs/reindex", "post")));
        // Service required, user optional: two alternatives.
        Assert.Equal(["ServiceToken+UserToken", "ServiceToken"], Requirements(Operation(document, "/tenants/{tenantId}/prices", "get")));
        // No identities declared: the configured default (ServiceAndUser).
        Assert.Equal(["ServiceToken+UserToken"], Requirements(Operation(document, "/admin/tenants/{tenantId}", "put")));
        // The TestApi's own endpoints: /system (RequireIdentities(ServiceOnly)).
        Assert.Equal(["ServiceToken"], Requirements(Operation(document, "/system", "get")));
    }

    [Fact]
    public async Task Registering_twice_changes_nothing_in_the_document()
    {
        var once = await DocumentAsync();
        var twice = await DocumentAsync(registrations: 2);

        Assert.Equal(once.ToJsonString(), twice.ToJsonString());
        Assert.Equal(["ServiceToken+UserToken", "ServiceToken"], Requirements(Operation(twice, "/tenants/{tenantId}/prices", "get")));
    }

    [Fact]
    public async Task The_configured_default_identities_apply_to_endpoints_that_declare_none()
    {
        var document = await DocumentAsync(o => o.DefaultRequiredIdentities = RequiredIdentities.ServiceOnly);

        Assert.Equal(["ServiceToken"], Requirements(Operation(document, "/admin/tenants/{tenantId}", "put")));
        Assert.Equal("ServiceOnly", (string?)Operation(document, "/admin/tenants/{tenantId}", "put")["x-s2sauth"]!["identities"]);
        Assert.Equal(["UserToken"], Requirements(Operation(document, "/orders/{id}", "get")));
    }

    [Fact]
    public async Task The_x_s2sauth_member_names_activity_identities_tenant_source_and_credentials()
    {
        var document = await DocumentAsync();

        var prices = Operation(document, "/tenants/{tenantId}/prices", "get")["x-s2sauth"]!.AsObject();
        Assert.Equal("price.read", (string?)prices["activity"]);
        Assert.Equal("ServiceWithOptionalUser", (string?)prices["identities"]);
        Assert.Equal("Token", (string?)prices["credentials"]);
        var tenant = Assert.Single(prices["tenantFrom"]!.AsArray())!;
        Assert.Equal("Route", (string?)tenant["source"]);
        Assert.Equal("tenantId", (string?)tenant["name"]);
        Assert.Null(prices["crossTenant"]);

        var reindex = Operation(document, "/jobs/reindex", "post")["x-s2sauth"]!.AsObject();
        Assert.Equal("search.reindex", (string?)reindex["activity"]);
        Assert.Equal("ServiceOnly", (string?)reindex["identities"]);
        Assert.Equal("TokenOrCertificate", (string?)reindex["credentials"]);
        Assert.Null(reindex["tenantFrom"]);

        var admin = Operation(document, "/admin/tenants/{tenantId}", "put")["x-s2sauth"]!.AsObject();
        Assert.Equal("ServiceAndUser", (string?)admin["identities"]);
        Assert.True((bool?)admin["crossTenant"]);
    }

    [Fact]
    public async Task Protected_operations_list_their_problem_responses_with_the_codes_that_can_occur()
    {
        var document = await DocumentAsync();

        var orders = Operation(document, "/orders/{id}", "get")["responses"]!.AsObject();
        foreach (var status in new[] { "401", "403", "503" })
        {
            Assert.NotNull(orders[status]!["content"]!["application/problem+json"]);
        }

        var unauthorized = (string)orders["401"]!["description"]!;
        Assert.Contains(AuthErrorCodes.UserTokenMissing, unauthorized);
        Assert.DoesNotContain(AuthErrorCodes.ServiceTokenMissing, unauthorized);
        Assert.Contains(AuthErrorCodes.TokenExpired, unauthorized);
        var forbidden = (string)orders["403"]!["description"]!;
        Assert.Contains(AuthErrorCodes.PermissionDenied, forbidden);
        Assert.DoesNotContain(AuthErrorCodes.ScopeMissing, forbidden);
        Assert.DoesNotContain(AuthErrorCodes.TenantMismatch, forbidden);

        var reindex = Operation(document, "/jobs/reindex", "post")["responses"]!.AsObject();
        Assert.Contains(AuthErrorCodes.ServiceTokenMissing, (string)reindex["401"]!["description"]!);
        var reindexForbidden = (string)reindex["403"]!["description"]!;
        Assert.Contains(AuthErrorCodes.ScopeMissing, reindexForbidden);
        Assert.Contains(AuthErrorCodes.UserTokenNotAllowed, reindexForbidden);
        Assert.DoesNotContain(AuthErrorCodes.PermissionDenied, reindexForbidden);

        var admin = (string)Operation(document, "/admin/tenants/{tenantId}", "put")["responses"]!["403"]!["description"]!;
        Assert.Contains(AuthErrorCodes.TenantMismatch, admin);
        Assert.Contains(AuthErrorCodes.CrossTenantNotAllowed, admin);
        // The endpoint's own 200 is kept.
        Assert.NotNull(orders["200"]);
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/plain")]
    [InlineData("/health")]
    public async Task Public_operations_get_no_security_no_member_and_no_401_or_403(string path)
    {
        var document = await DocumentAsync();

        var operation = Operation(document, path, "get");
        Assert.Null(operation["security"]);
        Assert.Null(operation["x-s2sauth"]);
        Assert.Null(operation["responses"]!["401"]);
        Assert.Null(operation["responses"]!["403"]);
        Assert.Null(operation["responses"]!["503"]);
    }
}
