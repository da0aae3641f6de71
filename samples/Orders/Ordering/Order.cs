namespace Orders.Ordering;

/// <summary>An order of one item.</summary>
public sealed record Order(string Id, string TenantId, string Sku, int Quantity);
