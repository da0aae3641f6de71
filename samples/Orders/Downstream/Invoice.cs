namespace Orders.Downstream;

/// <summary>Billing's answer (the fields Orders reads).</summary>
public sealed record Invoice(string InvoiceId, string TenantId, string OrderId, decimal Amount, string Currency);
