using Microsoft.AspNetCore.Mvc;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>MVC actions with a body tenant and an object rule.</summary>
[ApiController]
[Route("mvc/orders")]
[RequireActivity(RbacApi.UserScopedActivity)]
public sealed class OrdersController : ControllerBase
{
    [HttpPost]
    [TenantParameter(TenantParameterSource.Body, "tenantId")]
    public OrderRequest Create([FromBody] OrderRequest order) => order;

    [HttpPost("{id}:confirm")]
    [ObjectRule(typeof(OrderOwnerRule))]
    public IActionResult Confirm(string id) => Ok(new { id, confirmed = true });
}
