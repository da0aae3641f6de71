namespace AuthService.Issuance;

/// <summary>The SPEC's claim names that OpenIddict has no constant for.</summary>
internal static class ServiceClaims
{
    public const string Type = "type";
    public const string Scopes = "scopes";
    public const string TenantId = "tenant_id";
    public const string Permissions = "permissions";
    public const string Roles = "roles";

    public const string ServiceType = "service";
    public const string UserType = "user";
}
