using System.Collections.Concurrent;

namespace Billing.Invoices;

/// <summary>Invoices in memory, one per order: creating the invoice of an order again returns the first one.</summary>
public sealed class InvoiceStore
{
    private readonly ConcurrentDictionary<string, Invoice> _byOrder = new(StringComparer.Ordinal);

    public InvoiceStore()
    {
        // Yesterday's invoices, for the reconciliation job to re-check.
        Add(new Invoice("inv-ord-0901", "tenant_a", "ord-0901", "oat-milk-1l", 12, 25.20m, "EUR", "orders-service"));
        Add(new Invoice("inv-ord-0902", "tenant_a", "ord-0902", "paper-cups-100", 3, 20.70m, "EUR", "orders-service"));
        Add(new Invoice("inv-ord-0903", "tenant_b", "ord-0903", "espresso-beans-1kg", 1, 26.00m, "EUR", "orders-service"));
    }

    public Invoice Create(InvoiceRequest request, string caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _byOrder.GetOrAdd(request.OrderId, orderId => new Invoice("inv-" + orderId, request.TenantId, orderId,
            request.Sku, request.Quantity, request.Amount, request.Currency, caller));
    }

    public IReadOnlyList<Invoice> ForTenant(string tenantId) =>
        [.. _byOrder.Values.Where(i => i.TenantId == tenantId).OrderBy(i => i.InvoiceId, StringComparer.Ordinal)];

    private void Add(Invoice invoice) => _byOrder[invoice.OrderId] = invoice;
}
