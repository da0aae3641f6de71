namespace S2SAuth.Rbac;

/// <summary>The body sent to the remote RBAC service.</summary>
internal sealed record PermissionRequest(string UserId, string? TenantId, string Activity);
