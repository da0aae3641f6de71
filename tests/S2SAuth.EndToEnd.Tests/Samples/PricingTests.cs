using System.Net;
using System.Net.Http.Json;
using Demo.Infrastructure;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.Samples;

/// <summary>Pricing called directly by other services: scopes and tenant rules of <c>POST /prices:resolve</c>.</summary>
[Collection(SampleSystemCollection.Name)]
public sealed class PricingTests(SampleSystemFixture fixture)
{
    private static readonly object TenantAPrice = new { tenantId = "tenant_a", sku = "oat-milk-1l", quantity = 3 };

    [Fact]
    public async Task Service_without_the_pricing_scope_is_403_scope_missing()
    {
        await using var reporting = fixture.System.CallerFor(DemoAccounts.Reporting, fixture.System.Pricing, ["pricing.read"]);
        var correlationId = SampleSystemFixture.NewCorrelationId();

        var result = await reporting.PostAsync("/prices:resolve", TenantAPrice, correlationId, CancellationToken.None);

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
        var record = CallAssert.SingleEvent(fixture.Audit.For(correlationId), "pricing", AuditOutcome.Denied, AuthErrorCodes.ScopeMissing);
        Assert.Equal("reporting-service", record.Event.ServiceId);
    }

    [Fact]
    public async Task Tenant_scoped_service_without_a_user_gets_its_own_tenants_price()
    {
        await using var worker = fixture.System.CallerFor(DemoAccounts.BillingWorker, fixture.System.Pricing, ["pricing.resolve"]);
        var correlationId = SampleSystemFixture.NewCorrelationId();

        var result = await worker.PostAsync("/prices:resolve", TenantAPrice, correlationId, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(6.30m, result.Body.GetProperty("total").GetDecimal());
        var record = CallAssert.SingleEvent(fixture.Audit.For(correlationId), "pricing", AuditOutcome.Allowed, null);
        Assert.Equal(("billing-worker", null, "tenant_a"), (record.Event.ServiceId, record.Event.UserId, record.Event.TenantId));
    }

    [Fact]
    public async Task Tenant_scoped_service_naming_another_tenant_is_403_tenant_mismatch()
    {
        await using var worker = fixture.System.CallerFor(DemoAccounts.BillingWorker, fixture.System.Pricing, ["pricing.resolve"]);

        var result = await worker.PostAsync("/prices:resolve", new { tenantId = "tenant_b", sku = "oat-milk-1l", quantity = 1 },
            SampleSystemFixture.NewCorrelationId(), CancellationToken.None);

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
    }

    [Fact]
    public async Task Service_whose_token_names_no_tenant_cannot_resolve_prices_without_a_user()
    {
        await using var orders = fixture.System.CallerFor(DemoAccounts.Orders, fixture.System.Pricing, ["pricing.resolve"]);

        var result = await orders.PostAsync("/prices:resolve", TenantAPrice, SampleSystemFixture.NewCorrelationId(), CancellationToken.None);

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMissing);
    }

    [Fact]
    public async Task Request_without_a_service_token_is_401_service_token_missing()
    {
        using var http = new HttpClient { BaseAddress = fixture.System.Pricing.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/prices:resolve") { Content = JsonContent.Create(TenantAPrice) };
        request.Headers.Authorization = new("Bearer", await fixture.System.UserTokenAsync("alice"));

        using var response = await http.SendAsync(request);

        CallAssert.IsRefused(await CallResult.ReadAsync(response, CancellationToken.None), HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
    }
}
