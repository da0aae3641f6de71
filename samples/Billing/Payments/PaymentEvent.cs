using System.Text.Json;

namespace Billing.Payments;

/// <summary>A payment provider's event, as its webhook body carries it (bound from the verified bytes).</summary>
public sealed record PaymentEvent(string Type, string TenantId, string InvoiceId, decimal Amount, string Currency)
{
    /// <summary>
    /// The tenant resolver of the webhook endpoint: reads <c>tenantId</c> from the raw body, which S2SAuth hands over
    /// only after the provider's signature held and the event was found new.
    /// </summary>
    public static string? TenantOf(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("tenantId", out var tenant) && tenant.ValueKind == JsonValueKind.String ? tenant.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
