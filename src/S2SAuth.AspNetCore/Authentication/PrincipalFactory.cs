using System.Security.Claims;

namespace S2SAuth.Authentication;

/// <summary>Mirrors the typed context into a <see cref="ClaimsPrincipal"/> so standard ASP.NET Core authorization works.</summary>
internal static class PrincipalFactory
{
    public static ClaimsPrincipal Create(ServiceAuthContext context)
    {
        var principal = new ClaimsPrincipal();
        if (context.User is { } user)
        {
            var identity = NewIdentity(ServiceAuthDefaults.UserIdentityType, user.UserId, user.TenantId);
            AddAll(identity, ServiceAuthDefaults.PermissionClaim, user.Permissions);
            AddAll(identity, ServiceAuthDefaults.RoleClaim, user.Roles);
            principal.AddIdentity(identity);
        }

        if (context.Service is { } service)
        {
            var identity = NewIdentity(ServiceAuthDefaults.ServiceIdentityType, service.ServiceId, service.TenantId);
            AddAll(identity, ServiceAuthDefaults.ScopeClaim, service.Scopes);
            principal.AddIdentity(identity);
        }

        return principal;
    }

    private static ClaimsIdentity NewIdentity(string type, string subject, string? tenantId)
    {
        var identity = new ClaimsIdentity(type, ServiceAuthDefaults.SubjectClaim, ServiceAuthDefaults.RoleClaim);
        identity.AddClaim(new Claim(ServiceAuthDefaults.SubjectClaim, subject));
        if (tenantId is not null)
        {
            identity.AddClaim(new Claim(ServiceAuthDefaults.TenantClaim, tenantId));
        }

        return identity;
    }

    private static void AddAll(ClaimsIdentity identity, string type, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            identity.AddClaim(new Claim(type, value));
        }
    }
}
