using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Demo.Infrastructure;
using S2SAuth;
using S2SAuth.Client;
using static Demo.Scenarios.AuditExpectation;

namespace Demo.Scenarios;

/// <summary>The demo's scenarios, in the order they run. Each checks the answer and the audit events of its correlation id.</summary>
public static class DemoScenarios
{
    private const string Orders = "orders";
    private const string Pricing = "pricing";
    private const string Billing = "billing";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("alice confirms ord-1001: Orders -> Pricing (for alice) -> Billing (as orders-service)",
            "200 with an invoice; allowed at all three services under one correlation id", AllowedChainAsync),
        new("reporting-service, holding only pricing.read, asks Pricing for a price",
            "403 scope_missing at Pricing", ServiceMissingScopeAsync),
        new("bob, who lacks order.confirm, confirms ord-1001",
            "403 permission_denied at Orders; nothing reaches Pricing or Billing", UserMissingPermissionAsync),
        new("dave may confirm orders but not resolve prices: Orders will not ask for a Pricing token he does not hold",
            "allowed at Orders, 403 delegation_not_narrower from Orders; the issuer is not asked, nothing reaches Pricing", PermissionCheckedAtEveryHopAsync),
        new("alice's request names tenant_b in its body",
            "403 tenant_mismatch at Orders", TenantMismatchAsync),
        new("carol of tenant_b confirms ord-1001, an order of tenant_a",
            "403 object_denied (the endpoint's object rule)", ObjectOfAnotherTenantAsync),
        new("alice's token has expired",
            "401 token_expired", ExpiredTokenAsync),
        new("bob edits his token to grant himself order.confirm, keeping the signature",
            "401 signature_invalid", ForgedTokenAsync),
        new("legacy-service, disabled at the issuer, calls Pricing",
            "the issuer refuses its token (invalid_client); the call is never sent", DisabledAccountAsync),
        new("the reconciliation job re-prices tenant_a's invoices as billing-worker (tenant-scoped, no user)",
            "every call allowed at Pricing for tenant_a with no user; no mismatch", ReconciliationJobAsync),
        new("billing-worker's token leaks; its owner revokes it once at the issuer (RFC 7009)",
            "401 token_revoked at both Pricing replicas, with the measured propagation time", LeakedTokenRevokedAsync),
        new("inventory-service, holding a valid token, is disabled at the issuer",
            "its existing token: 401 token_revoked at both replicas; a new token: invalid_client", DisabledAccountExistingTokenAsync),
        new("orders-service gets a token bound to its certificate (RFC 8705); another workload steals it and replays it at Pricing",
            "200 for Orders over its own certificate; 401 token_binding_mismatch for the thief, with its own certificate or none", BoundTokenReplayedAsync),
        .. DelegationScenarios.All,
        .. WebhookScenarios.All,
        .. ApiKeyScenarios.All,
    ];

    private static async Task<ScenarioOutcome> AllowedChainAsync(ScenarioContext context)
    {
        var token = await context.System.UserTokenAsync("alice", cancellationToken: context.CancellationToken);
        var result = await context.System.FrontEnd.ConfirmOrderAsync("ord-1001", DemoAccounts.TenantA, token, context.CorrelationId, context.CancellationToken);
        var actual = result.Status == HttpStatusCode.OK
            ? $"200 OK: {result.Property("total")} {result.Property("currency")}, invoice {result.Property("invoiceId")}"
            : result.ToString();
        var problem = result.Status != HttpStatusCode.OK ? "expected 200"
            : result.Property("invoiceId") != "inv-ord-1001" ? "expected invoice inv-ord-1001"
            : result.CorrelationId != context.CorrelationId ? "the correlation id was not echoed"
            : AuditProblem(context, Allowed(Orders), Allowed(Pricing), Allowed(Billing)) ?? ChainIdentityProblem(context);
        return new ScenarioOutcome(actual, context.CorrelationId, problem);
    }

    private static async Task<ScenarioOutcome> ServiceMissingScopeAsync(ScenarioContext context)
    {
        await using var reporting = context.System.CallerFor(DemoAccounts.Reporting, context.System.Pricing, ["pricing.read"]);
        var result = await reporting.PostAsync("/prices:resolve", new { tenantId = DemoAccounts.TenantA, sku = "oat-milk-1l", quantity = 1 },
            context.CorrelationId, context.CancellationToken);
        return Expect(context, result, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing, Denied(Pricing, AuthErrorCodes.ScopeMissing));
    }

    private static Task<ScenarioOutcome> UserMissingPermissionAsync(ScenarioContext context) =>
        ConfirmAsync(context, "bob", "ord-1001", DemoAccounts.TenantA, HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied,
            Denied(Orders, AuthErrorCodes.PermissionDenied));

    private static async Task<ScenarioOutcome> PermissionCheckedAtEveryHopAsync(ScenarioContext context)
    {
        // Orders exchanges the user's token for Pricing (RFC 8693) and an exchange must narrow: dave's token does not hold
        // pricing.resolve, so S2SAuth's handler refuses before asking the issuer, and Orders answers 403.
        var token = await context.System.UserTokenAsync("dave", cancellationToken: context.CancellationToken);
        var result = await context.System.FrontEnd.ConfirmOrderAsync("ord-1002", DemoAccounts.TenantA, token, context.CorrelationId, context.CancellationToken);
        var outcome = Expect(context, result, HttpStatusCode.Forbidden, "delegation_not_narrower", Allowed(Orders));
        return outcome with { Actual = $"{outcome.Actual} (downstream {result.Property("downstream")}; Pricing received nothing)" };
    }

    private static Task<ScenarioOutcome> TenantMismatchAsync(ScenarioContext context) =>
        ConfirmAsync(context, "alice", "ord-1001", DemoAccounts.TenantB, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch,
            Denied(Orders, AuthErrorCodes.TenantMismatch));

    private static Task<ScenarioOutcome> ObjectOfAnotherTenantAsync(ScenarioContext context) =>
        ConfirmAsync(context, "carol", "ord-1001", DemoAccounts.TenantB, HttpStatusCode.Forbidden, AuthErrorCodes.ObjectDenied,
            Denied(Orders, AuthErrorCodes.ObjectDenied));

    private static async Task<ScenarioOutcome> ExpiredTokenAsync(ScenarioContext context)
    {
        var expired = await context.System.UserTokenAsync("alice", expired: true, context.CancellationToken);
        var result = await context.System.FrontEnd.ConfirmOrderAsync("ord-1001", DemoAccounts.TenantA, expired, context.CorrelationId, context.CancellationToken);
        return Expect(context, result, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired, Denied(Orders, AuthErrorCodes.TokenExpired));
    }

    private static async Task<ScenarioOutcome> ForgedTokenAsync(ScenarioContext context)
    {
        var bob = await context.System.UserTokenAsync("bob", cancellationToken: context.CancellationToken);
        var forged = TokenForgery.EditClaims(bob, claims => claims["permissions"] = new JsonArray("order.confirm"));
        var result = await context.System.FrontEnd.ConfirmOrderAsync("ord-1001", DemoAccounts.TenantA, forged, context.CorrelationId, context.CancellationToken);
        return Expect(context, result, HttpStatusCode.Unauthorized, AuthErrorCodes.SignatureInvalid, Denied(Orders, AuthErrorCodes.SignatureInvalid));
    }

    private static async Task<ScenarioOutcome> DisabledAccountAsync(ScenarioContext context)
    {
        await using var legacy = context.System.CallerFor(DemoAccounts.Legacy, context.System.Pricing, ["pricing.resolve"]);
        try
        {
            var result = await legacy.PostAsync("/prices:resolve", new { tenantId = DemoAccounts.TenantA, sku = "oat-milk-1l", quantity = 1 },
                context.CorrelationId, context.CancellationToken);
            return new ScenarioOutcome($"the call went out: {result}", context.CorrelationId, "expected the client to refuse");
        }
        catch (ServiceTokenUnavailableException e)
        {
            var actual = $"{nameof(ServiceTokenUnavailableException)} ({e.Reason}, {e.Error}); Pricing received nothing";
            var problem = e.Reason != ServiceTokenFailureReason.Rejected || e.Error != "invalid_client"
                ? "expected Rejected, invalid_client"
                : AuditProblem(context);
            return new ScenarioOutcome(actual, context.CorrelationId, problem);
        }
    }

    private static async Task<ScenarioOutcome> ReconciliationJobAsync(ScenarioContext context)
    {
        var report = await context.System.ReconciliationJob.RunOnceAsync(context.CancellationToken);
        var events = context.System.Audit.For(report.CorrelationId);
        var actual = report.Succeeded
            ? $"{report.Checked} invoices of {report.TenantId} checked, {report.Mismatched.Count} mismatched"
            : $"refused: {report.Refusal}";
        var problem = !report.Succeeded ? "expected the job to succeed"
            : report.Checked == 0 ? "expected invoices to check"
            : report.Mismatched.Count > 0 ? "expected no mismatch"
            : AuditExpectation.Mismatch(events, [.. Enumerable.Repeat(Allowed(Pricing), report.Checked)])
              ?? (events.All(e => e.Event is { ServiceId: "billing-worker", UserId: null, TenantId: DemoAccounts.TenantA })
                  ? null
                  : "expected billing-worker, no user, tenant_a in every event");
        return new ScenarioOutcome(actual, report.CorrelationId, problem);
    }

    private static async Task<ScenarioOutcome> LeakedTokenRevokedAsync(ScenarioContext context)
    {
        var (_, token, error) = await context.System.ServiceTokenAsync(DemoAccounts.BillingWorker, "pricing.resolve", context.CancellationToken);
        if (token is null)
        {
            return new ScenarioOutcome($"no token: {error}", context.CorrelationId, "expected a token");
        }

        if (await AcceptedEverywhereAsync(context, token) is { } notAccepted)
        {
            return new ScenarioOutcome(notAccepted, context.CorrelationId, "expected the token to work before it is revoked");
        }

        var started = Stopwatch.GetTimestamp();
        var revoked = await context.System.RevokeAtIssuerAsync(DemoAccounts.BillingWorker, token, context.CancellationToken);
        if (revoked != HttpStatusCode.OK)
        {
            return new ScenarioOutcome($"the revocation endpoint answered {(int)revoked}", context.CorrelationId, "expected 200");
        }

        return await RefusedEverywhereAsync(context, token, started, Stopwatch.GetTimestamp());
    }

    private static async Task<ScenarioOutcome> DisabledAccountExistingTokenAsync(ScenarioContext context)
    {
        var (_, token, error) = await context.System.ServiceTokenAsync(DemoAccounts.Inventory, "pricing.resolve", context.CancellationToken);
        if (token is null)
        {
            return new ScenarioOutcome($"no token: {error}", context.CorrelationId, "expected a token");
        }

        if (await AcceptedEverywhereAsync(context, token) is { } notAccepted)
        {
            return new ScenarioOutcome(notAccepted, context.CorrelationId, "expected the token to work before the account is disabled");
        }

        var started = Stopwatch.GetTimestamp();
        await context.System.Issuer.SetAccountDisabledAsync(DemoAccounts.Inventory.Id, disabled: true, context.CancellationToken);
        var outcome = await RefusedEverywhereAsync(context, token, started, Stopwatch.GetTimestamp());
        var (status, newToken, newError) = await context.System.ServiceTokenAsync(DemoAccounts.Inventory, "pricing.resolve", context.CancellationToken);
        return outcome with
        {
            Actual = $"existing token: {outcome.Actual}; new token: {(newToken is null ? $"{(int)status} {newError}" : "issued")}",
            Problem = outcome.Problem ?? (newToken is null && newError == "invalid_client" ? null : "expected invalid_client for a new token"),
        };
    }

    /// <summary>The token works at every Pricing replica (calls under their own correlation id, outside the scenario's audit).</summary>
    private static async Task<string?> AcceptedEverywhereAsync(ScenarioContext context, string token)
    {
        foreach (var (name, service) in context.System.PricingReplicas)
        {
            var result = await PriceAsync(service, token, context.CorrelationId + "-before", context.CancellationToken);
            if (result.Status != HttpStatusCode.OK)
            {
                return $"{name} answered {result} before";
            }
        }

        return null;
    }

    /// <summary>
    /// Waits (at most 5 s) until every replica refuses the token, measuring when each first did after the issuer
    /// answered (<paramref name="answered"/>; the issuer's own time from <paramref name="started"/>); then one call per
    /// replica under the scenario's correlation id, audited.
    /// </summary>
    private static async Task<ScenarioOutcome> RefusedEverywhereAsync(ScenarioContext context, string token, long started, long answered)
    {
        var issuerTime = Stopwatch.GetElapsedTime(started, answered);
        var refusedAfter = new List<(string Name, TimeSpan After)>();
        foreach (var (name, service) in context.System.PricingReplicas)
        {
            while (true)
            {
                var probe = await PriceAsync(service, token, context.CorrelationId + "-poll", context.CancellationToken);
                if (probe.Status == HttpStatusCode.Unauthorized || Stopwatch.GetElapsedTime(answered) > TimeSpan.FromSeconds(5))
                {
                    refusedAfter.Add((name, Stopwatch.GetElapsedTime(answered)));
                    break;
                }
            }
        }

        var results = new List<string>();
        string? problem = null;
        foreach (var (name, service) in context.System.PricingReplicas)
        {
            var result = await PriceAsync(service, token, context.CorrelationId, context.CancellationToken);
            results.Add($"{name} {result}");
            if (result.Status != HttpStatusCode.Unauthorized || result.Code != AuthErrorCodes.TokenRevoked)
            {
                problem ??= $"expected 401 {AuthErrorCodes.TokenRevoked} at {name}";
            }
        }

        var slowest = refusedAfter.Max(r => r.After);
        var actual = $"{string.Join(", ", results)}; the issuer took {issuerTime.TotalMilliseconds:0.0} ms, then every replica refused it"
            + $" within {slowest.TotalMilliseconds:0.0} ms ({string.Join(", ", refusedAfter.Select(r => $"{r.Name} {r.After.TotalMilliseconds:0.0} ms"))},"
            + $" measured by polling over HTTP; shared through {context.System.RevocationStoreName})";
        problem ??= AuditProblem(context, Denied(Pricing, AuthErrorCodes.TokenRevoked), Denied("pricing-2", AuthErrorCodes.TokenRevoked));
        return new ScenarioOutcome(actual, context.CorrelationId, problem);
    }

    /// <summary>
    /// Orders authenticates at the issuer's mutual-TLS port with its certificate alone (<c>tls_client_auth</c>: a client id,
    /// no secret) and gets a token bound to it; then the token is used over three connections to Pricing: Orders' own,
    /// the intruder's (its own certificate from the same CA), and a plain one.
    /// </summary>
    private static async Task<ScenarioOutcome> BoundTokenReplayedAsync(ScenarioContext context)
    {
        var system = context.System;
        var certificates = system.Certificates;
        string token;
        using (var ordersAtIssuer = certificates.Client(system.IssuerMutualTls, certificates.Orders))
        using (var answer = await ordersAtIssuer.PostAsync("connect/token", new FormUrlEncodedContent(
        [
            new("grant_type", "client_credentials"), new("client_id", DemoAccounts.Orders.Id), new("scope", "pricing.resolve"),
        ]), context.CancellationToken))
        {
            var issued = await CallResult.ReadAsync(answer, context.CancellationToken);
            if (issued.Status != HttpStatusCode.OK || issued.Property("access_token") is not { } accessToken)
            {
                return new ScenarioOutcome($"the issuer answered {issued} ({issued.Property("error")})", context.CorrelationId, "expected a bound token from the issuer");
            }

            token = accessToken;
        }

        // A user-scoped call (for alice), as Orders makes it: the tenant comes from her token.
        var alice = await system.UserTokenAsync("alice", cancellationToken: context.CancellationToken);
        var bound = TokenForgery.Claims(token)["cnf"]?["x5t#S256"]?.GetValue<string>();
        using var orders = certificates.Client(system.PricingMutualTls, certificates.Orders);
        using var intruder = certificates.Client(system.PricingMutualTls, certificates.Intruder);
        using var plain = new HttpClient { BaseAddress = system.Pricing.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var own = await PriceAsync(orders, token, context.CorrelationId, context.CancellationToken, alice);
        var withOtherCertificate = await PriceAsync(intruder, token, context.CorrelationId, context.CancellationToken, alice);
        var withoutCertificate = await PriceAsync(plain, token, context.CorrelationId, context.CancellationToken, alice);

        var actual = $"token bound to x5t#S256 {bound?[..10]}…; Orders over its certificate: {own}; the thief with its own certificate: "
            + $"{withOtherCertificate}; without one: {withoutCertificate}";
        var problem = bound != S2SAuth.Testing.TestCertificateAuthority.Thumbprint(certificates.Orders) ? "the token is not bound to Orders' certificate"
            : own.Status != HttpStatusCode.OK ? "expected 200 for Orders"
            : withOtherCertificate.Code != AuthErrorCodes.TokenBindingMismatch || withoutCertificate.Code != AuthErrorCodes.TokenBindingMismatch
                ? $"expected 401 {AuthErrorCodes.TokenBindingMismatch} for both replays"
            : AuditProblem(context, Allowed(Pricing), Denied(Pricing, AuthErrorCodes.TokenBindingMismatch), Denied(Pricing, AuthErrorCodes.TokenBindingMismatch))
                ?? (system.Audit.For(context.CorrelationId)[0].Event.ServiceCredential == ServiceCredentialKind.BoundToken ? null : "expected the credential BoundToken in the audit event");
        return new ScenarioOutcome(actual, context.CorrelationId, problem);
    }

    private static async Task<CallResult> PriceAsync(SampleHosting.RunningService pricing, string serviceToken, string correlationId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = pricing.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        return await PriceAsync(http, serviceToken, correlationId, cancellationToken);
    }

    private static async Task<CallResult> PriceAsync(HttpClient http, string serviceToken, string correlationId, CancellationToken cancellationToken, string? userToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/prices:resolve")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { tenantId = DemoAccounts.TenantA, sku = "oat-milk-1l", quantity = 1 }),
        };
        request.Headers.Add("X-Service-Token", serviceToken);
        request.Headers.Add("X-Correlation-Id", correlationId);
        if (userToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", userToken);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return await CallResult.ReadAsync(response, cancellationToken);
    }

    private static async Task<ScenarioOutcome> ConfirmAsync(ScenarioContext context, string user, string orderId, string tenantId,
        HttpStatusCode status, string code, params AuditExpectation[] audit)
    {
        var token = await context.System.UserTokenAsync(user, cancellationToken: context.CancellationToken);
        var result = await context.System.FrontEnd.ConfirmOrderAsync(orderId, tenantId, token, context.CorrelationId, context.CancellationToken);
        return Expect(context, result, status, code, audit);
    }

    private static ScenarioOutcome Expect(ScenarioContext context, CallResult result, HttpStatusCode status, string code, params AuditExpectation[] audit)
    {
        var problem = result.Status != status || result.Code != code
            ? $"expected {(int)status} {code}"
            : AuditProblem(context, audit);
        return new ScenarioOutcome(result.ToString(), context.CorrelationId, problem);
    }

    private static string? AuditProblem(ScenarioContext context, params AuditExpectation[] expected) =>
        AuditExpectation.Mismatch(context.System.Audit.For(context.CorrelationId), expected);

    /// <summary>Who each service saw: the user at Orders and Pricing, Orders' own identity (no user) at Billing.</summary>
    private static string? ChainIdentityProblem(ScenarioContext context)
    {
        var events = context.System.Audit.For(context.CorrelationId).Select(r => r.Event).ToList();
        return events is
        [
            { ServiceId: null, UserId: "alice", TenantId: DemoAccounts.TenantA },
            { ServiceId: "orders-service", UserId: "alice", TenantId: DemoAccounts.TenantA, Actors: ["orders-service"] },
            { ServiceId: "orders-service", UserId: null, RequestedTenantId: DemoAccounts.TenantA, CrossTenant: true },
        ]
            ? null
            : "unexpected identities in the chain's audit events";
    }
}
