namespace S2SAuth.Authorization;

/// <summary>
/// Endpoint metadata that allows acting across tenants (<c>AllowCrossTenant</c>). Implemented by the public attribute in
/// Builder/, read here, so that authorization does not depend on its entry points.
/// </summary>
internal interface ICrossTenantDeclaration;
