namespace Billing.Invoices;

/// <summary>An invoice: one per order.</summary>
public sealed record Invoice(string InvoiceId, string TenantId, string OrderId, string Sku, int Quantity, decimal Amount, string Currency, string CreatedBy);
