using System.Security.Claims;

namespace S2SAuth.Authentication;

/// <summary>
/// Mirrors the typed context into a <see cref="ClaimsPrincipal"/> so standard ASP.NET Core authorization works. The
/// verified-token cache holds only immutable data (<see cref="ServiceIdentity"/>, <see cref="UserIdentity"/>); every
/// request gets its own principal, identities and claims built from it, so nothing a request changes on them
/// (claims, <see cref="ClaimsIdentity.Actor"/>, <see cref="ClaimsIdentity.Label"/>, <see cref="Claim.Properties"/>...)
/// is seen by another request.
/// </summary>
internal static class PrincipalFactory
{
    /// <summary>A new principal for one request: the user's identity first (the primary identity), then the service's.</summary>
    public static ClaimsPrincipal Create(ServiceIdentity? service, UserIdentity? user)
    {
        var principal = new ClaimsPrincipal();
        if (user is { } userIdentity)
        {
            principal.AddIdentity(CreateIdentity(userIdentity));
        }

        if (service is { } serviceIdentity)
        {
            principal.AddIdentity(CreateIdentity(serviceIdentity));
        }

        return principal;
    }

    public static ClaimsIdentity CreateIdentity(ServiceIdentity service)
    {
        var identity = NewIdentity(ServiceAuthDefaults.ServiceIdentityType, service.ServiceId, service.TenantId);
        AddAll(identity, ServiceAuthDefaults.ScopeClaim, service.Scopes);
        return identity;
    }

    public static ClaimsIdentity CreateIdentity(UserIdentity user)
    {
        var identity = NewIdentity(ServiceAuthDefaults.UserIdentityType, user.UserId, user.TenantId);
        AddAll(identity, ServiceAuthDefaults.PermissionClaim, user.Permissions);
        AddAll(identity, ServiceAuthDefaults.RoleClaim, user.Roles);
        return identity;
    }

    private static ClaimsIdentity NewIdentity(string type, string subject, string? tenantId)
    {
        var identity = new ClaimsIdentity(type, ServiceAuthDefaults.SubjectClaim, ServiceAuthDefaults.RoleClaim);
        Add(identity, ServiceAuthDefaults.SubjectClaim, subject);
        if (tenantId is not null)
        {
            Add(identity, ServiceAuthDefaults.TenantClaim, tenantId);
        }

        return identity;
    }

    private static void AddAll(ClaimsIdentity identity, string type, IReadOnlySet<string> values)
    {
        foreach (var value in values)
        {
            Add(identity, type, value);
        }
    }

    /// <summary>The claim's subject is the identity itself, so <see cref="ClaimsIdentity.AddClaim"/> does not copy it.</summary>
    private static void Add(ClaimsIdentity identity, string type, string value) =>
        identity.AddClaim(new Claim(type, value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));
}
