namespace Billing.Reconciliation;

/// <summary>Pricing's answer (only the fields the job reads).</summary>
public sealed record PriceQuote(string TenantId, string Sku, int Quantity, decimal Total, string Currency);
