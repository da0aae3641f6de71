using Microsoft.AspNetCore.Authorization;
using S2SAuth.Authorization;

namespace S2SAuth;

/// <summary>
/// The endpoint does admin or platform work across tenants: a caller whose service token holds the privileged
/// cross-tenant scope (<c>ServiceAuth:Authorization:CrossTenantScope</c>) may act in another tenant than its own,
/// and the decision is audited as cross-tenant. Without that scope the request is refused with
/// <c>cross_tenant_not_allowed</c>. On minimal APIs: <c>.AllowCrossTenant()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AllowCrossTenantAttribute : Attribute, IAuthorizationRequirementData, ICrossTenantDeclaration
{
    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => EndpointRulesRequirement.AsArray;
}
