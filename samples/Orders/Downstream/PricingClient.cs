using Orders.Ordering;

namespace Orders.Downstream;

/// <summary>Typed client for Pricing. S2SAuth's handler adds the tokens, correlation and idempotency headers.</summary>
public sealed class PricingClient(HttpClient http)
{
    public async Task<PriceQuote> ResolveAsync(Order order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        using var response = await http.PostAsJsonAsync("/prices:resolve", new { order.TenantId, order.Sku, order.Quantity }, cancellationToken);
        return await DownstreamResponse.ReadAsync<PriceQuote>(response, "pricing", cancellationToken);
    }
}
