using System.Security.Cryptography;
using Billing.Invoices;
using Billing.Logging;
using Microsoft.Extensions.Options;

namespace Billing.Reconciliation;

/// <summary>
/// Re-prices the tenant's invoices at Pricing and reports the ones that no longer match. It calls as
/// <c>billing-worker</c>: a service token scoped to one tenant, and no user — the SPEC's "internal system job".
/// </summary>
public sealed class ReconciliationJob(IServiceScopeFactory scopes, InvoiceStore invoices, IOptions<ReconciliationOptions> options,
    TimeProvider time, ILogger<ReconciliationJob> logger) : BackgroundService
{
    public async Task<ReconciliationReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var tenant = options.Value.TenantId;
        var correlationId = "reconcile-" + RandomNumberGenerator.GetHexString(12, lowercase: true);
        await using var scope = scopes.CreateAsyncScope(); // a fresh typed client per run, as IHttpClientFactory intends
        var pricing = scope.ServiceProvider.GetRequiredService<PricingClient>();

        var due = invoices.ForTenant(tenant);
        var mismatched = new List<string>();
        try
        {
            foreach (var invoice in due)
            {
                var quote = await pricing.ResolveAsync(tenant, invoice.Sku, invoice.Quantity, correlationId, cancellationToken);
                if (quote.Total != invoice.Amount || quote.Currency != invoice.Currency)
                {
                    mismatched.Add(invoice.InvoiceId);
                }
            }
        }
        catch (PricingRefusedException refused)
        {
            Log.ReconciliationRefused(logger, correlationId, tenant, refused.Status, refused.Code ?? "none");
            return new ReconciliationReport(correlationId, tenant, 0, [], $"{refused.Status} {refused.Code}");
        }

        Log.ReconciliationCompleted(logger, correlationId, tenant, due.Count, mismatched.Count);
        return new ReconciliationReport(correlationId, tenant, due.Count, mismatched, Refusal: null);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // No token (issuer down, account disabled) or Pricing unreachable: nothing was sent unauthenticated; try next time.
                Log.ReconciliationFailed(logger, options.Value.TenantId, e.GetType().Name);
            }
        }
    }
}
