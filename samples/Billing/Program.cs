using Billing.Invoices;
using Billing.Payments;
using Billing.Reconciliation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using S2SAuth;
using SampleHosting;

namespace Billing;

/// <summary>
/// Billing: invoices confirmed orders (called by Orders as a service, never for a user) and runs a reconciliation job
/// that re-prices its tenant's invoices at Pricing as <c>billing-worker</c>, a tenant-scoped service account, with no user.
/// </summary>
public static class Program
{
    public static Task Main(string[] args) => SampleHost.RunAsync(args, "billing.settings.json", Build);

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // Incoming calls are verified against ServiceAuth:Authority; ServiceAuth:ClientId/ClientSecret (billing-worker)
        // are the job's credentials for its outgoing calls.
        // Revocation: every request is checked against the revoked tokens and cut-off accounts, shared on Redis when
        // ServiceAuth:Revocation:Redis:Configuration is set, else in memory (docs/revocation.md).
        var serviceAuth = builder.Services.AddServiceAuth(builder.Configuration);
        _ = builder.Configuration[RedisRevocationOptions.SectionName + ":Configuration"] is { Length: > 0 }
            ? serviceAuth.AddRedisRevocation()
            : serviceAuth.AddRevocation();

        // The job's client: service token only (no user), pricing.resolve, tenant from the service account.
        builder.Services.AddHttpClient<PricingClient>(c => c.BaseAddress = builder.Configuration.GetRequiredUri("Services:Pricing"))
            .AddServiceTokenHandler(o => o.Scopes.Add("pricing.resolve"))
            .AddStandardResilienceHandler();

        builder.Services.AddSingleton<InvoiceStore>();
        builder.Services.AddSingleton<PaymentEvents>();
        builder.Services.AddReconciliationJob();

        // Readiness probes: the issuer's signing keys, this service's outgoing token, revocation (docs/health-checks.md).
        builder.Services.AddHealthChecks().AddServiceAuthChecks();

        var app = builder.Build();
        app.UseServiceAuth();

        app.MapGet("/health", () => "ok").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") }).AllowAnonymous();

        // Service-only: a user token is refused. The invoice's tenant comes in the body; a tenant-less platform service
        // (Orders) may name it only with the privileged platform.cross-tenant scope, and every such call is audited as
        // cross-tenant. A tenant-scoped service may name only its own tenant.
        app.MapPost("/invoices", (InvoiceRequest request, ServiceIdentity caller, InvoiceStore invoices) => invoices.Create(request, caller.ServiceId))
            .RequireActivity("billing.charge", RequiredIdentities.ServiceOnly)
            .WithTenantFrom(TenantParameterSource.Body, "tenantId")
            .AllowCrossTenant();

        // The payment provider's webhooks (docs/webhooks.md): no service token (the provider has none); Standard Webhooks
        // signature over the raw body, checked against ServiceAuth:Webhooks:payments:Secrets before anything else; a
        // replayed event is answered 200 and not processed again; the tenant is read from the verified body. Mapped only
        // where the provider is configured (an endpoint naming an unconfigured provider stops the service at start-up).
        if (builder.Configuration.GetSection(ServiceAuthOptions.SectionName + ":Webhooks:payments").Exists())
        {
            app.MapPost("/webhooks/payments", (PaymentEvent payment, WebhookContext webhook, PaymentEvents events) =>
                {
                    var times = events.Record(webhook.EventId ?? "(none)");
                    return Results.Ok(new { received = true, eventId = webhook.EventId, tenant = webhook.TenantId, payment.InvoiceId, times });
                })
                .RequireWebhookSignature("payments", resolveTenant: static (_, body) => PaymentEvent.TenantOf(body));
        }

        return app;
    }
}
