namespace AuthService.Configuration;

/// <summary>
/// The DEVELOPMENT-ONLY user token endpoint (<c>POST /dev/user-tokens</c>): the <c>DevUserTokens</c> section.
/// Mapped only when <see cref="Enabled"/> is set, and only in the Development environment: set in any other, the
/// issuer refuses to start.
/// </summary>
public sealed class DevUserTokenSettings
{
    public const string SectionName = "DevUserTokens";

    /// <summary>Turns the endpoint on (Development only). Default off: off means not mapped (404), in every environment.</summary>
    public bool Enabled { get; set; }

    /// <summary>Audiences of a user token when the request names none, e.g. every service a user-scoped chain reaches.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>User token lifetime. Default 5 minutes.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The demo users.</summary>
    public List<DevUserSettings> Users { get; set; } = [];
}
