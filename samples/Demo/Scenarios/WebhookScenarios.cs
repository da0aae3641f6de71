using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Billing.Payments;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth;

namespace Demo.Scenarios;

/// <summary>
/// A payment provider's webhooks at Billing (<c>POST /webhooks/payments</c>, Standard Webhooks): a signed delivery is
/// processed once, a forged one is refused, a replayed one is answered 200 and not processed again. The demo signs as
/// the provider does, with the demo-only secret Billing is configured with.
/// </summary>
public static class WebhookScenarios
{
    /// <summary>
    /// DEMO-ONLY secret of the <c>payments</c> provider (also in billing.settings.json); decodes to
    /// <c>demo-only-payments-webhook-secret-not-for-production</c>.
    /// </summary>
    public const string PaymentsSecret = "whsec_ZGVtby1vbmx5LXBheW1lbnRzLXdlYmhvb2stc2VjcmV0LW5vdC1mb3ItcHJvZHVjdGlvbg==";

    private const string Billing = "billing";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("the payment provider delivers a signed payment.succeeded webhook to Billing (no service token)",
            "200; Billing processes the event once, for tenant_a; audited as delivered", ValidDeliveryAsync),
        new("an attacker posts a forged payment webhook, signed with a guessed secret",
            "401 webhook_signature_invalid; nothing processed", ForgedDeliveryAsync),
        new("an attacker replays a captured payment webhook, byte for byte",
            "200 webhook_duplicate, so the provider stops retrying; the event is still processed only once", ReplayedDeliveryAsync),
    ];

    private static async Task<ScenarioOutcome> ValidDeliveryAsync(ScenarioContext context)
    {
        var eventId = NewEventId();
        var (status, body) = await DeliverAsync(context, eventId, Sign(PaymentsSecret, eventId, Payload(eventId)));
        var times = Events(context).TimesProcessed(eventId);
        var actual = $"{(int)status}: {body}; processed {times} time(s)";
        var problem = status != HttpStatusCode.OK ? "expected 200"
            : times != 1 ? "expected the event processed once"
            : !body.Contains("\"tenant\":\"tenant_a\"", StringComparison.Ordinal) ? "expected tenant_a from the resolver"
            : AuditExpectation.Mismatch(context.System.Audit.For(context.CorrelationId), [new(Billing, AuditOutcome.Allowed)]);
        return new ScenarioOutcome(actual, context.CorrelationId, problem);
    }

    private static async Task<ScenarioOutcome> ForgedDeliveryAsync(ScenarioContext context)
    {
        var eventId = NewEventId();
        var guessed = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("a-guessed-secret-of-an-attacker-0001"));
        var (status, body) = await DeliverAsync(context, eventId, Sign(guessed, eventId, Payload(eventId)));
        var code = Code(body);
        var times = Events(context).TimesProcessed(eventId);
        var actual = $"{(int)status} {code}; processed {times} time(s)";
        var problem = status != HttpStatusCode.Unauthorized || code != AuthErrorCodes.WebhookSignatureInvalid ? "expected 401 webhook_signature_invalid"
            : times != 0 ? "the forged event was processed"
            : AuditExpectation.Mismatch(context.System.Audit.For(context.CorrelationId), [new(Billing, AuditOutcome.Denied, AuthErrorCodes.WebhookSignatureInvalid)]);
        return new ScenarioOutcome(actual, context.CorrelationId, problem);
    }

    private static async Task<ScenarioOutcome> ReplayedDeliveryAsync(ScenarioContext context)
    {
        var eventId = NewEventId();
        var headers = Sign(PaymentsSecret, eventId, Payload(eventId));
        var (first, _) = await DeliverAsync(context, eventId, headers);
        var (replayed, body) = await DeliverAsync(context, eventId, headers);
        var times = Events(context).TimesProcessed(eventId);
        var actual = $"first {(int)first}, replay {(int)replayed} {Code(body)}; processed {times} time(s)";
        var problem = first != HttpStatusCode.OK || replayed != HttpStatusCode.OK || Code(body) != AuthErrorCodes.WebhookDuplicate
            ? "expected 200 then 200 webhook_duplicate"
            : times != 1 ? "the replayed event was processed again"
            : AuditExpectation.Mismatch(context.System.Audit.For(context.CorrelationId),
                [new(Billing, AuditOutcome.Allowed), new(Billing, AuditOutcome.Duplicate, AuthErrorCodes.WebhookDuplicate)]);
        return new ScenarioOutcome(actual, context.CorrelationId, problem);
    }

    private static PaymentEvents Events(ScenarioContext context) => context.System.Billing.Services.GetRequiredService<PaymentEvents>();

    private static string NewEventId() => "evt_" + Guid.NewGuid().ToString("N")[..16];

    private static string Payload(string eventId) =>
        $$"""{"id":"{{eventId}}","type":"payment.succeeded","tenantId":"tenant_a","invoiceId":"inv-ord-0901","amount":25.20,"currency":"EUR"}""";

    /// <summary>What the provider sends: Standard Webhooks v1, HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>.</summary>
    private static (string Body, Dictionary<string, string> Headers) Sign(string secret, string eventId, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{eventId}.{timestamp}.{body}")));
        return (body, new Dictionary<string, string>
        {
            ["webhook-id"] = eventId,
            ["webhook-timestamp"] = timestamp,
            ["webhook-signature"] = "v1," + signature,
        });
    }

    private static async Task<(HttpStatusCode Status, string Body)> DeliverAsync(ScenarioContext context, string eventId, (string Body, Dictionary<string, string> Headers) delivery)
    {
        using var http = new HttpClient { BaseAddress = context.System.Billing.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/payments")
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in delivery.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("X-Correlation-Id", context.CorrelationId);
        using var response = await http.SendAsync(request, context.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(context.CancellationToken));
    }

    private static string? Code(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
