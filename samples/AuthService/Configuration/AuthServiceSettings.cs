namespace AuthService.Configuration;

/// <summary>The issuer's own settings: the <c>AuthService</c> configuration section.</summary>
public sealed class AuthServiceSettings
{
    public const string SectionName = "AuthService";

    /// <summary>
    /// SQLite connection string of the store (applications, scopes, token entries). Default
    /// <c>Data Source=authservice.db</c>, a file under the content root. A relative file name is taken
    /// relative to the content root.
    /// </summary>
    public string Database { get; set; } = "Data Source=authservice.db";

    /// <summary>The <c>iss</c> of every token. Default: derived per request from its scheme, host and path base (OpenIddict's default).</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Lifetime of service access tokens. Default 5 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When set, the first listening address (e.g. <c>http://127.0.0.1:41234</c>) is written to this file once the
    /// server listens, so a parent process that started it on port 0 can find it.
    /// </summary>
    public string? UrlFile { get; set; }

    /// <summary>Client certificates at the token endpoint and certificate-bound tokens (RFC 8705). Off by default.</summary>
    public MutualTlsSettings MutualTls { get; set; } = new();
}
