using S2SAuth.Tenants;
using Microsoft.AspNetCore.Authorization;
using S2SAuth.Authorization;

namespace S2SAuth;

/// <summary>
/// The endpoint is tenant-scoped and the request may name a tenant in <see cref="Source"/> under <see cref="Name"/>.
/// That tenant is a request, checked by <see cref="RequireActivityAttribute"/> against the tenant derived from the
/// verified tokens: a different tenant is refused (<c>tenant_mismatch</c>) unless the endpoint allows cross-tenant
/// work and the caller holds the privileged scope. A tenant-scoped endpoint also needs a derived tenant
/// (<c>tenant_missing</c>). On minimal APIs: <c>.WithTenantFrom(source, name)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class TenantParameterAttribute : Attribute, IAuthorizationRequirementData, ITenantParameterDeclaration
{
    /// <summary>The tenant may be named by the parameter <paramref name="name"/> of <paramref name="source"/>.</summary>
    public TenantParameterAttribute(TenantParameterSource source, string name)
    {
        if (!Enum.IsDefined(source))
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown TenantParameterSource value.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Source = source;
        Name = name;
    }

    /// <summary>Where the tenant id is read.</summary>
    public TenantParameterSource Source { get; }

    /// <summary>The route value, query parameter or JSON property name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => EndpointRulesRequirement.AsArray;
}
