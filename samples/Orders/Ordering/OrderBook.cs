using System.Collections.Frozen;
using S2SAuth;

namespace Orders.Ordering;

/// <summary>The orders (in memory: the sample is about the calls, not the storage).</summary>
public sealed class OrderBook
{
    private static readonly FrozenDictionary<string, Order> Orders = new Order[]
    {
        new("ord-1001", "tenant_a", "espresso-beans-1kg", 2),
        new("ord-1002", "tenant_a", "oat-milk-1l", 6),
        new("ord-2001", "tenant_b", "espresso-beans-1kg", 1),
    }.ToFrozenDictionary(o => o.Id, StringComparer.Ordinal);

    public Order? Find(string id) => Orders.GetValueOrDefault(id);

    /// <summary>
    /// The object-level rule of <c>order.confirm</c>, checked after the tenant rules: the order exists and belongs to the
    /// caller's (verified) tenant. Unknown and foreign orders are refused alike, so ids of other tenants cannot be probed.
    /// </summary>
    public static ValueTask<bool> BelongsToCallersTenantAsync(ObjectRuleContext rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var orders = rule.HttpContext.RequestServices.GetRequiredService<OrderBook>();
        var order = rule.HttpContext.GetRouteValue("id") is string id ? orders.Find(id) : null;
        return ValueTask.FromResult(order is not null && order.TenantId == rule.ServiceAuth.Tenant.TenantId);
    }
}
