using System.Security.Claims;
using S2SAuth.Verification;

namespace S2SAuth.Authentication;

/// <summary>
/// Mirrors the typed context into a <see cref="ClaimsPrincipal"/> so standard ASP.NET Core authorization works. The
/// identities are built once per verified token (and cached with it, read-only); each request gets its own principal.
/// </summary>
internal static class PrincipalFactory
{
    /// <summary>A new principal for one request: the user's identity first (the primary identity), then the service's.</summary>
    public static ClaimsPrincipal Create(VerifiedToken? service, VerifiedToken? user)
    {
        var principal = new ClaimsPrincipal();
        if (user is not null)
        {
            principal.AddIdentity(user.Claims);
        }

        if (service is not null)
        {
            principal.AddIdentity(service.Claims);
        }

        return principal;
    }

    public static ClaimsIdentity CreateIdentity(ServiceIdentity service)
    {
        var identity = NewIdentity(ServiceAuthDefaults.ServiceIdentityType, service.ServiceId, service.TenantId);
        AddAll(identity, ServiceAuthDefaults.ScopeClaim, service.Scopes);
        return identity.Seal();
    }

    public static ClaimsIdentity CreateIdentity(UserIdentity user)
    {
        var identity = NewIdentity(ServiceAuthDefaults.UserIdentityType, user.UserId, user.TenantId);
        AddAll(identity, ServiceAuthDefaults.PermissionClaim, user.Permissions);
        AddAll(identity, ServiceAuthDefaults.RoleClaim, user.Roles);
        return identity.Seal();
    }

    private static SharedClaimsIdentity NewIdentity(string type, string subject, string? tenantId)
    {
        var identity = new SharedClaimsIdentity(type);
        identity.Add(ServiceAuthDefaults.SubjectClaim, subject);
        if (tenantId is not null)
        {
            identity.Add(ServiceAuthDefaults.TenantClaim, tenantId);
        }

        return identity;
    }

    private static void AddAll(SharedClaimsIdentity identity, string type, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            identity.Add(type, value);
        }
    }
}
