namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>The test API's orders: order_1 belongs to user_123, order_2 to someone else.</summary>
public sealed class OrderStore
{
    private readonly Dictionary<string, Order> _orders = new()
    {
        ["order_1"] = new Order("order_1", RbacApi.CallerTenant, RbacApi.UserId),
        ["order_2"] = new Order("order_2", RbacApi.CallerTenant, "user_other"),
    };

    public int RuleCalls { get; set; }

    public Order? Find(string id) => _orders.GetValueOrDefault(id);
}
