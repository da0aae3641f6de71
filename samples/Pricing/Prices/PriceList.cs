using System.Collections.Frozen;

namespace Pricing.Prices;

/// <summary>Each tenant's prices (in memory: the sample is about the calls, not the catalogue).</summary>
public sealed class PriceList
{
    private const string Currency = "EUR";

    private static readonly FrozenDictionary<(string Tenant, string Sku), decimal> Prices = new Dictionary<(string, string), decimal>
    {
        [("tenant_a", "espresso-beans-1kg")] = 24.50m,
        [("tenant_a", "oat-milk-1l")] = 2.10m,
        [("tenant_a", "paper-cups-100")] = 6.90m,
        [("tenant_b", "espresso-beans-1kg")] = 26.00m,
        [("tenant_b", "oat-milk-1l")] = 2.30m,
    }.ToFrozenDictionary();

    public PriceQuote? Resolve(string tenantId, string sku, int quantity) =>
        quantity > 0 && Prices.TryGetValue((tenantId, sku), out var unit)
            ? new PriceQuote(tenantId, sku, quantity, unit, unit * quantity, Currency)
            : null;
}
