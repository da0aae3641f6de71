namespace AuthService.Configuration;

/// <summary>
/// The DEVELOPMENT-ONLY user token endpoint (<c>POST /dev/user-tokens</c>): the <c>DevUserTokens</c> section.
/// Mapped only in the Development environment or when <see cref="Enabled"/> is set.
/// </summary>
public sealed class DevUserTokenSettings
{
    public const string SectionName = "DevUserTokens";

    /// <summary>Turns the endpoint on outside the Development environment (tests, the demo).</summary>
    public bool Enabled { get; set; }

    /// <summary>Audiences of a user token when the request names none, e.g. every service a user-scoped chain reaches.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>User token lifetime. Default 5 minutes.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The demo users.</summary>
    public List<DevUserSettings> Users { get; set; } = [];
}
