namespace S2SAuth;

/// <summary>Names S2SAuth uses in ASP.NET Core authentication and in the claims it mirrors into <c>HttpContext.User</c>.</summary>
public static class ServiceAuthDefaults
{
    /// <summary>The authentication scheme registered by <c>AddServiceAuth()</c>, and made the default.</summary>
    public const string AuthenticationScheme = "S2SAuth";

    /// <summary><see cref="System.Security.Claims.ClaimsIdentity.AuthenticationType"/> of the calling service's identity.</summary>
    public const string ServiceIdentityType = "S2SAuth.Service";

    /// <summary><see cref="System.Security.Claims.ClaimsIdentity.AuthenticationType"/> of the user's identity.</summary>
    public const string UserIdentityType = "S2SAuth.User";

    /// <summary>Claim type of the subject (service id or user id); also the name claim.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>Claim type of each granted scope on the service identity.</summary>
    public const string ScopeClaim = "scope";

    /// <summary>Claim type of each permission (activity key) on the user identity.</summary>
    public const string PermissionClaim = "permission";

    /// <summary>Claim type of each role on the user identity; also the role claim for <c>IsInRole</c>.</summary>
    public const string RoleClaim = "role";

    /// <summary>Claim type of the tenant id, on whichever identity carries one.</summary>
    public const string TenantClaim = "tenant_id";

    /// <summary>
    /// The issuer under which API keys are revoked: <c>RevokeTokenAsync(ServiceAuthDefaults.ApiKeyRevocationIssuer, keyId, expiresAt)</c>
    /// on <see cref="IRevocationService"/> refuses the key with 401 <c>api_key_revoked</c> on every instance the store reaches.
    /// </summary>
    public const string ApiKeyRevocationIssuer = "urn:s2sauth:api-key";
}
