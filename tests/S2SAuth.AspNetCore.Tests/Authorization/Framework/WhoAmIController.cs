using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>MVC actions without <c>RequireActivity</c>: the fallback policy, <c>[Authorize]</c> (the default policy), and <c>[RequireIdentities]</c>.</summary>
[ApiController]
[Route("mvc/whoami")]
public sealed class WhoAmIController : ControllerBase
{
    [HttpGet]
    public IActionResult Fallback() => Ok(Tenant());

    [HttpGet("authorize")]
    [Authorize]
    public IActionResult DefaultPolicy() => Ok(Tenant());

    [HttpGet("gateway")]
    [RequireIdentities(RequiredIdentities.User)]
    public IActionResult Gateway() => Ok(Tenant());

    private object Tenant() => new { tenant = HttpContext.GetServiceAuthContext()?.Tenant.TenantId };
}
