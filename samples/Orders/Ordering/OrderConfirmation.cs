namespace Orders.Ordering;

/// <summary>The answer of <c>POST /orders/{id}:confirm</c>.</summary>
public sealed record OrderConfirmation(string OrderId, string TenantId, string ConfirmedBy, decimal Total, string Currency, string InvoiceId);
