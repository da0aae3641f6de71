using System.Net;
using System.Text.Json.Nodes;
using Demo.Infrastructure;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.Samples;

/// <summary>What Orders refuses, with the exact status and code, and that nothing then reaches Pricing or Billing.</summary>
[Collection(SampleSystemCollection.Name)]
public sealed class OrdersRefusalTests(SampleSystemFixture fixture)
{
    [Fact]
    public async Task User_without_order_confirm_is_403_permission_denied_and_nothing_goes_downstream()
    {
        var (result, correlationId) = await ConfirmAsync(await fixture.System.UserTokenAsync("bob"), "ord-1001", "tenant_a");

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied);
        var record = CallAssert.SingleEvent(fixture.Audit.For(correlationId), "orders", AuditOutcome.Denied, AuthErrorCodes.PermissionDenied);
        Assert.Equal("bob", record.Event.UserId);
        Assert.Equal(["orders"], fixture.Requests.For(correlationId).Select(r => r.Host));
    }

    [Fact]
    public async Task Request_naming_another_tenant_is_403_tenant_mismatch()
    {
        var (result, correlationId) = await ConfirmAsync(await fixture.System.UserTokenAsync("alice"), "ord-1001", "tenant_b");

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
        var record = CallAssert.SingleEvent(fixture.Audit.For(correlationId), "orders", AuditOutcome.Denied, AuthErrorCodes.TenantMismatch);
        Assert.Equal(("tenant_a", "tenant_b"), (record.Event.TenantId, record.Event.RequestedTenantId));
        Assert.Equal(["orders"], fixture.Requests.For(correlationId).Select(r => r.Host));
    }

    [Fact]
    public async Task Order_of_another_tenant_is_403_object_denied()
    {
        var (result, correlationId) = await ConfirmAsync(await fixture.System.UserTokenAsync("carol"), "ord-1001", "tenant_b");

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.ObjectDenied);
        CallAssert.SingleEvent(fixture.Audit.For(correlationId), "orders", AuditOutcome.Denied, AuthErrorCodes.ObjectDenied);
    }

    [Fact]
    public async Task Unknown_order_is_refused_like_a_foreign_one()
    {
        var (result, _) = await ConfirmAsync(await fixture.System.UserTokenAsync("alice"), "ord-9999", "tenant_a");

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, AuthErrorCodes.ObjectDenied);
    }

    [Fact]
    public async Task Expired_user_token_is_401_token_expired()
    {
        var (result, correlationId) = await ConfirmAsync(await fixture.System.UserTokenAsync("alice", expired: true), "ord-1001", "tenant_a");

        CallAssert.IsRefused(result, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired);
        CallAssert.SingleEvent(fixture.Audit.For(correlationId), "orders", AuditOutcome.Denied, AuthErrorCodes.TokenExpired);
        Assert.Equal(["orders"], fixture.Requests.For(correlationId).Select(r => r.Host));
    }

    [Fact]
    public async Task Token_edited_to_grant_a_permission_is_401_signature_invalid()
    {
        var forged = TokenForgery.EditClaims(await fixture.System.UserTokenAsync("bob"), claims => claims["permissions"] = new JsonArray("order.confirm"));

        var (result, correlationId) = await ConfirmAsync(forged, "ord-1001", "tenant_a");

        CallAssert.IsRefused(result, HttpStatusCode.Unauthorized, AuthErrorCodes.SignatureInvalid);
        CallAssert.SingleEvent(fixture.Audit.For(correlationId), "orders", AuditOutcome.Denied, AuthErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Token_edited_to_switch_tenant_is_401_signature_invalid()
    {
        var forged = TokenForgery.EditClaims(await fixture.System.UserTokenAsync("alice"), claims => claims["tenant_id"] = "tenant_b");

        var (result, _) = await ConfirmAsync(forged, "ord-2001", "tenant_b");

        CallAssert.IsRefused(result, HttpStatusCode.Unauthorized, AuthErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Request_without_any_token_is_401_user_token_missing()
    {
        var (result, correlationId) = await ConfirmAsync(userToken: null, "ord-1001", "tenant_a");

        CallAssert.IsRefused(result, HttpStatusCode.Unauthorized, AuthErrorCodes.UserTokenMissing);
        CallAssert.SingleEvent(fixture.Audit.For(correlationId), "orders", AuditOutcome.Denied, AuthErrorCodes.UserTokenMissing);
    }

    [Fact]
    public async Task User_without_the_pricing_permission_is_refused_at_Orders_before_any_exchange()
    {
        // Orders exchanges the user's token for Pricing and an exchange must narrow: dave does not hold pricing.resolve.
        var (result, correlationId) = await ConfirmAsync(await fixture.System.UserTokenAsync("dave"), "ord-1002", "tenant_a");

        CallAssert.IsRefused(result, HttpStatusCode.Forbidden, "delegation_not_narrower");
        Assert.Equal("pricing", result.Property("downstream"));
        var events = fixture.Audit.For(correlationId);
        Assert.Equal([("orders", AuditOutcome.Allowed, null)], events.Select(e => (e.Service, e.Event.Outcome, e.Event.ReasonCode)));
        Assert.DoesNotContain(fixture.Requests.For(correlationId), r => r.Host is "pricing" or "billing");
    }

    private async Task<(CallResult Result, string CorrelationId)> ConfirmAsync(string? userToken, string orderId, string tenantId)
    {
        var correlationId = SampleSystemFixture.NewCorrelationId();
        return (await fixture.System.FrontEnd.ConfirmOrderAsync(orderId, tenantId, userToken, correlationId, CancellationToken.None), correlationId);
    }
}
