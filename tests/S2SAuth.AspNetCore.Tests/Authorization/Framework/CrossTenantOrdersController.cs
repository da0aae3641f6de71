using Microsoft.AspNetCore.Mvc;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>Platform actions: another tenant is allowed to callers holding the privileged scope.</summary>
[Route("mvc/admin/t/{tenantId}")]
[AllowCrossTenant]
public sealed class CrossTenantOrdersController : TenantActionsController;
