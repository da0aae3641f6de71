using Microsoft.AspNetCore.Mvc;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>Tenant-scoped actions: a tenant in the route must be the caller's.</summary>
[Route("mvc/t/{tenantId}")]
public sealed class TenantOrdersController : TenantActionsController;
