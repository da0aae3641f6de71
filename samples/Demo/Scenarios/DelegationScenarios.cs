using System.Net;
using Demo.Infrastructure;
using S2SAuth;
using static Demo.Scenarios.AuditExpectation;

namespace Demo.Scenarios;

/// <summary>
/// Token exchange (RFC 8693, docs/token-exchange.md): the token Orders gets for alice at Pricing names Pricing as its only
/// audience and Orders as its actor, so it is good for nothing else: replayed at Billing (another audience) or by another
/// service at Pricing (another caller than the actor), it is refused.
/// </summary>
public static class DelegationScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("the token Orders exchanged for alice (audience pricing-service, act orders-service) is replayed at Billing and, by reporting-service, at Pricing",
            "Pricing accepts it from Orders (act=orders-service); 401 audience_invalid at Billing; 401 actor_not_caller at Pricing from reporting-service", ExchangedTokenReplayedAsync),
    ];

    private static async Task<ScenarioOutcome> ExchangedTokenReplayedAsync(ScenarioContext context)
    {
        var system = context.System;
        var alice = await system.UserTokenAsync("alice", cancellationToken: context.CancellationToken, audiences: ["orders-service"]);
        var exchange = await system.ExchangeAsync(DemoAccounts.Orders, alice, "pricing-service", "pricing.resolve", context.CancellationToken);
        if (exchange.Token is not { } exchanged)
        {
            return new ScenarioOutcome($"the exchange failed: {(int)exchange.Status} {exchange.Error}", context.CorrelationId, "expected an exchanged token");
        }

        // Sent by hand with each service's own service token (S2SAuth's handler would retry a 401 invalid_token once).
        var ordersToken = await system.ServiceTokenAsync(DemoAccounts.Orders, "pricing.resolve billing.charge platform.cross-tenant", context.CancellationToken);
        var reportingToken = await system.ServiceTokenAsync(DemoAccounts.Reporting, "pricing.read", context.CancellationToken);
        var price = new { tenantId = DemoAccounts.TenantA, sku = "oat-milk-1l", quantity = 1 };
        var invoice = new { tenantId = DemoAccounts.TenantA, orderId = "ord-1001", sku = "oat-milk-1l", quantity = 1, amount = 1.0m, currency = "EUR" };
        var fromOrders = await SendAsync(system.Pricing.BaseAddress, "/prices:resolve", price, ordersToken.Token!, exchanged, context);
        var atBilling = await SendAsync(system.Billing.BaseAddress, "/invoices", invoice, ordersToken.Token!, exchanged, context);
        var fromReporting = await SendAsync(system.Pricing.BaseAddress, "/prices:resolve", price, reportingToken.Token!, exchanged, context);

        var actual = $"Pricing from Orders: {fromOrders}; Billing: {atBilling}; Pricing from reporting-service: {fromReporting}";
        var problem = fromOrders.Status != HttpStatusCode.OK ? "expected 200 at Pricing from Orders"
            : atBilling.Status != HttpStatusCode.Unauthorized || atBilling.Code != AuthErrorCodes.AudienceInvalid ? "expected 401 audience_invalid at Billing"
            : fromReporting.Status != HttpStatusCode.Unauthorized || fromReporting.Code != AuthErrorCodes.ActorNotCaller ? "expected 401 actor_not_caller at Pricing"
            : AuditExpectation.Mismatch(system.Audit.For(context.CorrelationId),
                [Allowed("pricing"), Denied("billing", AuthErrorCodes.AudienceInvalid), Denied("pricing", AuthErrorCodes.ActorNotCaller)]);
        return new ScenarioOutcome(actual, context.CorrelationId, problem);
    }

    private static async Task<CallResult> SendAsync(Uri service, string path, object body, string serviceToken, string userToken, ScenarioContext context)
    {
        using var http = new HttpClient { BaseAddress = service, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("X-Service-Token", serviceToken);
        request.Headers.Add("X-Correlation-Id", context.CorrelationId);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", userToken);
        using var response = await http.SendAsync(request, context.CancellationToken);
        return await CallResult.ReadAsync(response, context.CancellationToken);
    }
}
