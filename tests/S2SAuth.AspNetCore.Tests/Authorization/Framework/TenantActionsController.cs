using Microsoft.AspNetCore.Mvc;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>The matrix's three request types as MVC actions; the derived controllers give the route and tenant rules.</summary>
[ApiController]
[TenantParameter(TenantParameterSource.Route, "tenantId")]
public abstract class TenantActionsController : ControllerBase
{
    [HttpPost("user-scoped")]
    [RequireActivity(RbacApi.UserScopedActivity)]
    public IActionResult UserScoped(string tenantId) => Ok(new { tenantId, activity = RbacApi.UserScopedActivity });

    [HttpPost("system")]
    [RequireActivity(RbacApi.SystemActivity, RequiredIdentities.ServiceOnly)]
    public IActionResult System(string tenantId) => Ok(new { tenantId, activity = RbacApi.SystemActivity });

    [HttpPost("gateway")]
    [RequireActivity(RbacApi.GatewayActivity, RequiredIdentities.User)]
    public IActionResult Gateway(string tenantId) => Ok(new { tenantId, activity = RbacApi.GatewayActivity });
}
