using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orders.Downstream;
using Orders.Ordering;
using S2SAuth;
using S2SAuth.Client;
using SampleHosting;

namespace Orders;

/// <summary>
/// Orders: user-facing. The front end (through a gateway that only routes) confirms an order with the user's token;
/// Orders prices it at Pricing on behalf of the user and invoices it at Billing as itself.
/// </summary>
public static class Program
{
    public static Task Main(string[] args) => SampleHost.RunAsync(args, "orders.settings.json", Build);

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // Incoming calls are verified against ServiceAuth:Authority; ServiceAuth:ClientId/ClientSecret are Orders' own
        // credentials for its outgoing calls.
        // Revocation: every request is checked against the revoked tokens and cut-off accounts, shared on Redis when
        // ServiceAuth:Revocation:Redis:Configuration is set, else in memory (docs/revocation.md).
        var serviceAuth = builder.Services.AddServiceAuth(builder.Configuration);
        _ = builder.Configuration[RedisRevocationOptions.SectionName + ":Configuration"] is { Length: > 0 }
            ? serviceAuth.AddRedisRevocation()
            : serviceAuth.AddRevocation();

        // Pricing, on behalf of the user: Orders' service token + a token exchanged for the user's (RFC 8693): audience
        // pricing-service only, scope pricing.resolve only, Orders named as the actor. The user's own token, meant for
        // Orders, never leaves Orders; an exchanged token replayed at Billing (another audience) is refused there.
        builder.Services.AddHttpClient<PricingClient>(c => c.BaseAddress = builder.Configuration.GetRequiredUri("Services:Pricing"))
            .AddServiceTokenHandler(o =>
            {
                o.Scopes.Add("pricing.resolve");
                o.UserScoped = true;
                o.UserToken = UserTokenMode.Exchange;
                o.ExchangeAudience = "pricing-service"; // OpenIddict takes an audience on exchanges only (service tokens: from the scopes)
            })
            .AddStandardResilienceHandler();

        // Billing, as Orders itself: invoicing is Orders' decision, not a right of the user, so no user token goes there.
        // Orders works for every tenant: naming the invoice's tenant needs the privileged platform.cross-tenant scope.
        builder.Services.AddHttpClient<BillingClient>(c => c.BaseAddress = builder.Configuration.GetRequiredUri("Services:Billing"))
            .AddServiceTokenHandler(o =>
            {
                o.Scopes.Add("billing.charge");
                o.Scopes.Add("platform.cross-tenant");
            })
            .AddStandardResilienceHandler();

        builder.Services.AddSingleton<OrderBook>();

        // Readiness probes: the issuer's signing keys, this service's outgoing token, revocation (docs/health-checks.md).
        builder.Services.AddHealthChecks().AddServiceAuthChecks();

        var app = builder.Build();
        app.UseServiceAuth();

        app.MapGet("/health", () => "ok").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") }).AllowAnonymous();

        // An external request: the user's token is required (no service token: the gateway only routes). The user needs
        // order.confirm; the body's "tenantId" must be the user's tenant; the order must belong to that tenant.
        app.MapPost("/orders/{id}:confirm", ConfirmOrder.HandleAsync)
            .RequireActivity("order.confirm", RequiredIdentities.User)
            .WithTenantFrom(TenantParameterSource.Body, "tenantId")
            .WithObjectRule(OrderBook.BelongsToCallersTenantAsync);

        return app;
    }
}
