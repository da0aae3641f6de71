namespace Pricing.Prices;

/// <summary>Body of <c>POST /prices:resolve</c>; <c>tenantId</c> is checked against the caller's tenant by S2SAuth.</summary>
public sealed record PriceRequest(string TenantId, string Sku, int Quantity);
