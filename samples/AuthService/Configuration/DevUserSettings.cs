namespace AuthService.Configuration;

/// <summary>A demo user the development-only endpoint can issue user tokens for.</summary>
public sealed class DevUserSettings
{
    public string Id { get; set; } = "";

    public string? TenantId { get; set; }

    public List<string> Roles { get; set; } = [];

    public List<string> Permissions { get; set; } = [];
}
