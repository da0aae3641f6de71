using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Pricing.Prices;
using S2SAuth;
using SampleHosting;

namespace Pricing;

/// <summary>
/// Pricing: resolves a tenant's price for an item. Called by Orders on behalf of a user (service token + a user token Orders exchanged for Pricing)
/// and by Billing's reconciliation job as itself (a tenant-scoped service token, no user).
/// </summary>
public static class Program
{
    public static Task Main(string[] args) => SampleHost.RunAsync(args, "pricing.settings.json", Build);

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // Incoming calls are verified against the issuer in ServiceAuth:Authority, for ServiceAuth:Audience.
        // Revocation: every request is checked against the revoked tokens and cut-off accounts, shared on Redis when
        // ServiceAuth:Revocation:Redis:Configuration is set, else in memory (docs/revocation.md).
        var serviceAuth = builder.Services.AddServiceAuth(builder.Configuration);
        _ = builder.Configuration[RedisRevocationOptions.SectionName + ":Configuration"] is { Length: > 0 }
            ? serviceAuth.AddRedisRevocation()
            : serviceAuth.AddRevocation();
        builder.Services.AddSingleton<PriceList>();
        // The OpenAPI document (/openapi/v1.json) describes each endpoint's S2SAuth protection (docs/openapi.md).
        builder.Services.AddOpenApi(o => o.AddServiceAuth());

        // Readiness probes: the issuer's signing keys, this service's outgoing token, revocation (docs/health-checks.md).
        builder.Services.AddHealthChecks().AddServiceAuthChecks();

        var app = builder.Build();
        app.UseServiceAuth();

        app.MapGet("/health", () => "ok").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();

        // The caller's service needs the pricing.resolve scope; a user, when one comes along, needs the permission.
        // The body's "tenantId" must be the caller's tenant: the user's, or the tenant-scoped service token's.
        app.MapPost("/prices:resolve", (PriceRequest request, TenantContext tenant, PriceList prices) =>
                prices.Resolve(tenant.TenantId!, request.Sku, request.Quantity) is { } quote
                    ? Results.Ok(quote)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown item", detail: $"No price for '{request.Sku}'."))
            .RequireActivity("pricing.resolve", RequiredIdentities.ServiceWithOptionalUser)
            .WithTenantFrom(TenantParameterSource.Body, "tenantId");

        // A partner without an issuer calls with an API key (X-Api-Key; keys are configured as hashes under
        // ServiceAuth:ApiKeys, docs/api-keys.md). Only this endpoint accepts keys; its tenant is the key's.
        app.MapGet("/partner/prices/{sku}", (string sku, TenantContext tenant, PriceList prices) =>
                tenant.TenantId is { } tenantId && prices.Resolve(tenantId, sku, 1) is { } quote
                    ? Results.Ok(quote)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown item", detail: $"No price for '{sku}'."))
            .RequireServiceCredential(ServiceCredentialPolicy.ApiKey)
            .RequireActivity("pricing.resolve", RequiredIdentities.ServiceOnly);

        return app;
    }
}
