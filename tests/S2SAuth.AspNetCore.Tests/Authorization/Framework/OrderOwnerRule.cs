using Microsoft.AspNetCore.Routing;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>An <see cref="IObjectRule"/> that loads the order from the route and asks IAuthorizationService about it.</summary>
public sealed class OrderOwnerRule(OrderStore store) : IObjectRule
{
    public async ValueTask<bool> IsAllowedAsync(ObjectRuleContext context)
    {
        store.RuleCalls++;
        var id = context.HttpContext.GetRouteValue("id")?.ToString();
        return id is not null && store.Find(id) is { } order && await context.AuthorizeResourceAsync(order);
    }
}
