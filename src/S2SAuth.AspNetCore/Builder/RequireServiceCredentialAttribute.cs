using S2SAuth.Certificates;

namespace S2SAuth;

/// <summary>
/// Which credential may prove the calling service on this endpoint, instead of <c>ServiceAuth:DefaultServiceCredential</c>
/// (see <see cref="ServiceCredentialPolicy"/>). On MVC controllers and actions as an attribute; on minimal-API endpoints
/// and route groups through <c>.RequireServiceCredential(...)</c>, which adds this same metadata. The innermost
/// declaration wins.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireServiceCredentialAttribute : Attribute, IServiceCredentialDeclaration
{
    /// <summary>The endpoint accepts <paramref name="policy"/>.</summary>
    public RequireServiceCredentialAttribute(ServiceCredentialPolicy policy)
    {
        if (!S2SAuth.Authentication.ServiceCredentialPolicies.IsValid(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "A ServiceCredentialPolicy needs one or more known credentials.");
        }

        Policy = policy;
    }

    /// <summary>The credentials that may prove the calling service.</summary>
    public ServiceCredentialPolicy Policy { get; }
}
