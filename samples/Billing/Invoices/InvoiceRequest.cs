namespace Billing.Invoices;

/// <summary>Body of <c>POST /invoices</c>; <c>tenantId</c> is checked by S2SAuth's tenant rules.</summary>
public sealed record InvoiceRequest(string TenantId, string OrderId, string Sku, int Quantity, decimal Amount, string Currency);
