using Microsoft.AspNetCore.Authorization;
using S2SAuth.Authorization;

namespace S2SAuth;

/// <summary>
/// The endpoint needs <see cref="Identities"/> instead of the configured default. On MVC controllers and actions
/// as an attribute; on minimal-API endpoints and route groups through <c>.RequireIdentities(...)</c>. It is also the
/// default identities of the endpoint's <see cref="RequireActivityAttribute"/>s that declare none.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireIdentitiesAttribute : Attribute, IAuthorizationRequirementData, IIdentitiesDeclaration
{
    private readonly IAuthorizationRequirement[] _requirements;

    /// <summary>The endpoint needs <paramref name="identities"/>.</summary>
    public RequireIdentitiesAttribute(RequiredIdentities identities)
    {
        if (!Enum.IsDefined(identities))
        {
            throw new ArgumentOutOfRangeException(nameof(identities), identities, "Unknown RequiredIdentities value.");
        }

        Identities = identities;
        _requirements = [new IdentityRequirement(identities, declaredByEndpoint: true)];
    }

    /// <summary>The identities the request must carry.</summary>
    public RequiredIdentities Identities { get; }

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => _requirements;
}
