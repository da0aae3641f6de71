namespace S2SAuth.Rbac;

/// <summary>The answer of the remote RBAC service: <c>{"allowed": true|false}</c>.</summary>
internal sealed record PermissionResponse(bool? Allowed);
