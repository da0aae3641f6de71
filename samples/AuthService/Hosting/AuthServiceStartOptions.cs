namespace AuthService.Hosting;

/// <summary>How <see cref="AuthServiceHost.StartAsync"/> starts an in-process issuer.</summary>
public sealed class AuthServiceStartOptions
{
    /// <summary>Configuration keys and values (<c>ServiceAccounts:0:Id</c>, <c>DevUserTokens:Enabled</c>...).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings { get; set; } = [];

    /// <summary>Also load <see cref="AuthServiceHost.SettingsFileName"/>, the demo's accounts and users (below <see cref="Settings"/>).</summary>
    public bool UseDemoSettings { get; set; }

    /// <summary>Loopback port; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// The host environment. Default Development: the in-process issuer listens on plain HTTP on loopback, which only
    /// Development serves; in any other environment every OpenIddict endpoint answers 400 <c>invalid_request</c> over
    /// HTTP, and <c>DevUserTokens:Enabled</c> or a demo secret stops it from starting.
    /// </summary>
    public string EnvironmentName { get; set; } = "Development";

    /// <summary>
    /// When set, the issuer listens on HTTPS with this certificate (and its key); with <c>AuthService:MutualTls</c> on it
    /// also asks clients for their certificate. Default: plain HTTP.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; set; }

    /// <summary>Last word on the builder (logging providers, a <c>TimeProvider</c>...).</summary>
    public Action<WebApplicationBuilder>? Configure { get; set; }
}
