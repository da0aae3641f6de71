namespace Orders.Downstream;

/// <summary>Pricing's answer.</summary>
public sealed record PriceQuote(string TenantId, string Sku, int Quantity, decimal UnitPrice, decimal Total, string Currency);
