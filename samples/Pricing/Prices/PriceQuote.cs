namespace Pricing.Prices;

/// <summary>A resolved price.</summary>
public sealed record PriceQuote(string TenantId, string Sku, int Quantity, decimal UnitPrice, decimal Total, string Currency);
