using System.Net;
using Billing.Invoices;
using Demo.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.Samples;

/// <summary>Billing: the service-only invoice endpoint and the reconciliation job.</summary>
[Collection(SampleSystemCollection.Name)]
public sealed class BillingTests(SampleSystemFixture fixture)
{
    private static readonly object Invoice = new { tenantId = "tenant_a", orderId = "ord-1002", sku = "oat-milk-1l", quantity = 6, amount = 12.60m, currency = "EUR" };

    [Fact]
    public async Task Reconciliation_job_calls_Pricing_with_its_tenant_scoped_service_token_and_no_user()
    {
        var tenantInvoices = fixture.System.Billing.Services.GetRequiredService<InvoiceStore>().ForTenant("tenant_a").Count;

        var report = await fixture.System.ReconciliationJob.RunOnceAsync();

        Assert.True(report.Succeeded, report.Refusal);
        Assert.Equal(("tenant_a", tenantInvoices), (report.TenantId, report.Checked));
        Assert.Empty(report.Mismatched);
        var events = fixture.Audit.For(report.CorrelationId);
        Assert.Equal(tenantInvoices, events.Count); // one call per invoice of its tenant; none for tenant_b's
        Assert.All(events, e => Assert.Equal(("pricing", AuditOutcome.Allowed, "billing-worker", null, "tenant_a"),
            (e.Service, e.Event.Outcome, e.Event.ServiceId, e.Event.UserId, e.Event.TenantId)));
        Assert.All(fixture.Requests.For(report.CorrelationId), r => Assert.Equal((true, false), (r.HasServiceToken, r.HasUserToken)));
    }

    [Fact]
    public async Task Orders_without_the_cross_tenant_scope_cannot_name_the_invoices_tenant()
    {
        await using var orders = fixture.System.CallerFor(DemoAccounts.Orders, fixture.System.Billing, ["billing.charge"]);

        var result = await orders.PostAsync("/invoices", Invoice, SampleSystemFixture.NewCorrelationId(), CancellationToken.None);

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.CrossTenantNotAllowed);
    }

    [Fact]
    public async Task Invoices_refuse_a_user_token_with_403_user_token_not_allowed()
    {
        await using var orders = fixture.System.CallerFor(DemoAccounts.Orders, fixture.System.Billing, ["billing.charge", "platform.cross-tenant"]);
        var alice = await fixture.System.UserTokenAsync("alice", audiences: "billing-service");

        var result = await orders.PostAsync("/invoices", Invoice, SampleSystemFixture.NewCorrelationId(), CancellationToken.None, bearer: alice);

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.UserTokenNotAllowed);
    }

    [Fact]
    public async Task Tenant_scoped_service_without_billing_charge_is_403_scope_missing()
    {
        await using var worker = fixture.System.CallerFor(DemoAccounts.BillingWorker, fixture.System.Billing, ["billing.reconcile"]);

        var result = await worker.PostAsync("/invoices", Invoice, SampleSystemFixture.NewCorrelationId(), CancellationToken.None);

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
    }
}
