using System.Net;
using Demo.Infrastructure;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.Samples;

/// <summary>The allowed chain: the front end -> Orders (user) -> Pricing (service + user) and Billing (service only).</summary>
[Collection(SampleSystemCollection.Name)]
public sealed class OrderChainTests(SampleSystemFixture fixture)
{
    [Fact]
    public async Task Confirming_an_order_prices_it_for_the_user_and_invoices_it_as_orders()
    {
        var result = await ConfirmAsAliceAsync(SampleSystemFixture.NewCorrelationId());

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("ord-1001", result.Property("orderId"));
        Assert.Equal("tenant_a", result.Property("tenantId"));
        Assert.Equal("alice", result.Property("confirmedBy"));
        Assert.Equal(49.00m, result.Body.GetProperty("total").GetDecimal());
        Assert.Equal("EUR", result.Property("currency"));
        Assert.Equal("inv-ord-1001", result.Property("invoiceId"));
    }

    [Fact]
    public async Task One_correlation_id_ties_the_audit_events_of_all_three_services()
    {
        var correlationId = SampleSystemFixture.NewCorrelationId();

        var result = await ConfirmAsAliceAsync(correlationId);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(correlationId, result.CorrelationId);
        var events = fixture.Audit.For(correlationId);
        Assert.Collection(events,
            orders =>
            {
                Assert.Equal("orders", orders.Service);
                Assert.Equal(AuditOutcome.Allowed, orders.Event.Outcome);
                Assert.Equal("order.confirm", orders.Event.Activity);
                Assert.Equal("POST /orders/{id}:confirm", orders.Event.Endpoint);
                Assert.Null(orders.Event.ServiceId); // the front end is not a service
                Assert.Equal("alice", orders.Event.UserId);
                Assert.Equal("tenant_a", orders.Event.TenantId);
                Assert.Equal("tenant_a", orders.Event.RequestedTenantId);
            },
            pricing =>
            {
                Assert.Equal("pricing", pricing.Service);
                Assert.Equal(AuditOutcome.Allowed, pricing.Event.Outcome);
                Assert.Equal("pricing.resolve", pricing.Event.Activity);
                Assert.Equal("orders-service", pricing.Event.ServiceId);
                Assert.Equal("alice", pricing.Event.UserId);
                Assert.Equal("tenant_a", pricing.Event.TenantId);
                Assert.False(pricing.Event.CrossTenant);
            },
            billing =>
            {
                Assert.Equal("billing", billing.Service);
                Assert.Equal(AuditOutcome.Allowed, billing.Event.Outcome);
                Assert.Equal("billing.charge", billing.Event.Activity);
                Assert.Equal("orders-service", billing.Event.ServiceId);
                Assert.Null(billing.Event.UserId);
                Assert.Null(billing.Event.TenantId); // Orders' token names no tenant...
                Assert.Equal("tenant_a", billing.Event.RequestedTenantId); // ...so naming one is privileged cross-tenant work
                Assert.True(billing.Event.CrossTenant);
            });
        Assert.All(events, e => Assert.Equal(correlationId, e.Event.CorrelationId));
        Assert.Equal(3, events.Select(e => e.Event.RequestId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Each_hop_carries_only_the_identities_it_needs()
    {
        var correlationId = SampleSystemFixture.NewCorrelationId();

        await ConfirmAsAliceAsync(correlationId);

        var requests = fixture.Requests.For(correlationId);
        Assert.Collection(requests,
            orders => Assert.Equal(("orders", false, true), (orders.Host, orders.HasServiceToken, orders.HasUserToken)),
            pricing => Assert.Equal(("pricing", true, true), (pricing.Host, pricing.HasServiceToken, pricing.HasUserToken)),
            billing => Assert.Equal(("billing", true, false), (billing.Host, billing.HasServiceToken, billing.HasUserToken)));
        Assert.All(requests.Skip(1), r => Assert.False(string.IsNullOrEmpty(r.IdempotencyKey)));
        Assert.Equal(2, requests.Skip(1).Select(r => r.RequestId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Pricing_gets_a_token_orders_exchanged_for_alice_never_alices_own()
    {
        var correlationId = SampleSystemFixture.NewCorrelationId();
        var alice = await fixture.System.UserTokenAsync("alice");

        var result = await fixture.System.FrontEnd.ConfirmOrderAsync("ord-1001", "tenant_a", alice, correlationId, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var atPricing = Assert.Single(fixture.Requests.For(correlationId), r => r.Host == "pricing").UserBearer!;
        Assert.NotEqual(alice, atPricing);
        var claims = Jwt.Payload(atPricing);
        Assert.Equal("alice", claims.GetProperty("sub").GetString());
        Assert.Equal(["pricing-service"], Jwt.Strings(claims.GetProperty("aud")));
        Assert.Equal(["pricing.resolve"], Jwt.Strings(claims.GetProperty("permissions")));
        Assert.Equal("orders-service", claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.True(claims.GetProperty("exp").GetInt64() <= Jwt.Payload(alice).GetProperty("exp").GetInt64());
        var pricing = Assert.Single(fixture.Audit.For(correlationId), e => e.Service == "pricing");
        Assert.Equal(["orders-service"], pricing.Event.Actors!);
        Assert.True(fixture.Audit.For(correlationId).Single(e => e.Service == "orders").Event.Actors is null or { Count: 0 }, "alice's own token names no actor");
    }

    [Fact]
    public async Task Without_a_correlation_id_from_the_front_end_Orders_creates_one_that_the_whole_chain_shares()
    {
        var result = await ConfirmAsAliceAsync(correlationId: null);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.False(string.IsNullOrEmpty(result.CorrelationId));
        Assert.Equal(["orders", "pricing", "billing"], fixture.Audit.For(result.CorrelationId!).Select(e => e.Service));
    }

    private async Task<CallResult> ConfirmAsAliceAsync(string? correlationId)
    {
        var token = await fixture.System.UserTokenAsync("alice");
        return await fixture.System.FrontEnd.ConfirmOrderAsync("ord-1001", "tenant_a", token, correlationId, CancellationToken.None);
    }
}
