using Orders.Ordering;

namespace Orders.Downstream;

/// <summary>Typed client for Billing. S2SAuth's handler adds the service token (never the user's), correlation and idempotency headers.</summary>
public sealed class BillingClient(HttpClient http)
{
    public async Task<Invoice> CreateInvoiceAsync(Order order, PriceQuote price, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(price);
        var request = new { order.TenantId, OrderId = order.Id, order.Sku, order.Quantity, Amount = price.Total, price.Currency };
        using var response = await http.PostAsJsonAsync("/invoices", request, cancellationToken);
        return await DownstreamResponse.ReadAsync<Invoice>(response, "billing", cancellationToken);
    }
}
