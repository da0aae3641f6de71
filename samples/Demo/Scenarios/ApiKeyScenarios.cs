using System.Net;
using Demo.Infrastructure;
using Microsoft.Extensions.Configuration;
using S2SAuth;
using S2SAuth.Testing;
using SampleHosting;
using static Demo.Scenarios.AuditExpectation;

namespace Demo.Scenarios;

/// <summary>
/// API keys (docs/api-keys.md): a partner, acme-partner, calls Pricing's <c>GET /partner/prices/{sku}</c> with an API key,
/// and its key is rotated mid-demo on both Pricing replicas without a restart (keys reload when the configuration
/// changes): the old key works, the new key is added (both work), the old key is retired (refused with 401).
/// </summary>
public static class ApiKeyScenarios
{
    // DEMO-ONLY keys, in plain text so the demo can send them; samples/Pricing/pricing.settings.json holds their hashes.
    // Real keys are made with `openssl rand` (docs/api-keys.md), handed to the partner once, and never stored in plain text.
    public const string OldKey = "s2s_acme-2026a_DEMO-ONLY-never-use-this-key-in-production-aaaaa";
    public const string NewKey = "s2s_acme-2026b_DEMO-ONLY-never-use-this-key-in-production-bbbbb";

    private const string Client = "ServiceAuth:ApiKeys:Clients:acme";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("acme-partner (no issuer) calls Pricing with an API key; the key is rotated mid-demo on both replicas, without a restart",
            "old key 200; new key added: both 200; old key retired: 401 api_key_expired, new key 200 (at both replicas)", KeyRotatedAsync),
    ];

    private static async Task<ScenarioOutcome> KeyRotatedAsync(ScenarioContext context)
    {
        var replicas = context.System.PricingReplicas;
        var steps = new List<string>();
        string? problem = null;

        async Task ExpectAsync(string step, string key, HttpStatusCode status, string? code)
        {
            foreach (var (name, service) in replicas)
            {
                var result = await PartnerPriceAsync(service, key, context.CorrelationId, context.CancellationToken);
                steps.Add($"{step} at {name}: {result}");
                if (result.Status != status || result.Code != code)
                {
                    problem ??= $"{step} at {name}: expected {(int)status} {code ?? "OK"}";
                }
            }
        }

        // 1. The partner's key as deployed.
        Configure(replicas, Key(0, "acme-2026a", OldKey));
        await ExpectAsync("old key", OldKey, HttpStatusCode.OK, null);

        // 2. The new key is added (the rotation overlap): both work.
        Configure(replicas, Key(1, "acme-2026b", NewKey));
        await ExpectAsync("overlap, old key", OldKey, HttpStatusCode.OK, null);
        await ExpectAsync("overlap, new key", NewKey, HttpStatusCode.OK, null);

        // 3. The old key is retired once idle (here: given an expiry in the past).
        Configure(replicas, [new($"{Client}:Keys:0:ExpiresAt", DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"))]);
        await ExpectAsync("retired, old key", OldKey, HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyExpired);
        await ExpectAsync("retired, new key", NewKey, HttpStatusCode.OK, null);

        problem ??= AuditProblem(context,
            Allowed("pricing"), Allowed("pricing-2"), Allowed("pricing"), Allowed("pricing-2"), Allowed("pricing"), Allowed("pricing-2"),
            Denied("pricing", AuthErrorCodes.ApiKeyExpired), Denied("pricing-2", AuthErrorCodes.ApiKeyExpired), Allowed("pricing"), Allowed("pricing-2"));
        return new ScenarioOutcome(string.Join("; ", steps), context.CorrelationId, problem);
    }

    /// <summary>The client (on first use) and <paramref name="settings"/>, added to each replica's configuration: its keys reload at once.</summary>
    private static void Configure(IEnumerable<(string Name, RunningService Service)> replicas, KeyValuePair<string, string?>[] settings)
    {
        KeyValuePair<string, string?>[] client =
        [
            new($"{Client}:ServiceId", "acme-partner"),
            new($"{Client}:Scopes:0", "pricing.resolve"),
            new($"{Client}:Tenant", DemoAccounts.TenantA),
        ];
        foreach (var (_, service) in replicas)
        {
            ((IConfigurationBuilder)service.App.Configuration).AddInMemoryCollection([.. client, .. settings]);
        }
    }

    private static KeyValuePair<string, string?>[] Key(int index, string id, string key) =>
        [new($"{Client}:Keys:{index}:Id", id), new($"{Client}:Keys:{index}:Hash", ApiKeyFactory.Hash(key))];

    private static async Task<CallResult> PartnerPriceAsync(RunningService pricing, string apiKey, string correlationId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = pricing.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/partner/prices/oat-milk-1l");
        request.Headers.Add("X-Api-Key", apiKey);
        request.Headers.Add("X-Correlation-Id", correlationId);
        using var response = await http.SendAsync(request, cancellationToken);
        return await CallResult.ReadAsync(response, cancellationToken);
    }

    private static string? AuditProblem(ScenarioContext context, params AuditExpectation[] expected) =>
        AuditExpectation.Mismatch(context.System.Audit.For(context.CorrelationId), expected);
}
