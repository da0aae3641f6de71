using Microsoft.AspNetCore.Authorization;
using S2SAuth.Authorization;

namespace S2SAuth;

/// <summary>
/// The endpoint needs <see cref="Identities"/> instead of the configured default. On MVC controllers and actions
/// as an attribute; on minimal-API endpoints and route groups through <c>.RequireIdentities(...)</c>. It is also the
/// default identities of the endpoint's <see cref="RequireActivityAttribute"/>s that declare none.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireIdentitiesAttribute : Attribute, IAuthorizeData, IAuthorizationRequirementData
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
        _requirements = [new IdentityRequirement(identities)];
    }

    /// <summary>The identities the request must carry.</summary>
    public RequiredIdentities Identities { get; }

    /// <summary>Not used.</summary>
    string? IAuthorizeData.Policy { get => null; set => throw new NotSupportedException(); }

    /// <summary>Not used.</summary>
    string? IAuthorizeData.Roles { get => null; set => throw new NotSupportedException(); }

    /// <summary>The S2SAuth scheme.</summary>
    string? IAuthorizeData.AuthenticationSchemes { get => ServiceAuthDefaults.AuthenticationScheme; set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => _requirements;
}
