namespace S2SAuth.Client;

/// <summary>
/// How this service gets its own service token, bound from the same <c>ServiceAuth</c> configuration
/// section as the incoming side (<c>ServiceAuth__ClientId</c>, <c>ServiceAuth__ClientSecret</c>, ...).
/// Checked at start-up once some <c>HttpClient</c> uses <c>AddServiceTokenHandler</c>.
/// </summary>
public sealed class ServiceTokenClientOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ServiceAuth";

    /// <summary>Issuer URL; the token endpoint is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>Explicit token endpoint URL; when set, no discovery document is read.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>This service's OAuth2 client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>This service's OAuth2 client secret: from a secret store or the environment, never from a committed file. Never logged. Not used (and must be unset) with a TLS <see cref="ClientAuthentication"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Require HTTPS for discovery and the token endpoint. Default <see langword="true"/>; <see langword="false"/> allows plain HTTP on loopback only.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How the client authenticates at the token endpoint. Default <see cref="ClientAuthenticationMethod.ClientSecretBasic"/>.</summary>
    public ClientAuthenticationMethod ClientAuthentication { get; set; } = ClientAuthenticationMethod.ClientSecretBasic;

    /// <summary>
    /// This service's client certificate (<c>ServiceAuth:ClientCertificate:CertificatePath</c>, <c>:KeyPath</c>,
    /// <c>:ReloadInterval</c>), presented on outgoing TLS connections and, with a TLS <see cref="ClientAuthentication"/>, to the token endpoint.
    /// </summary>
    public ClientCertificateOptions ClientCertificate { get; set; } = new();

    /// <summary>The token request parameter that names a downstream client's audience. Default <see cref="Client.AudienceParameter.Audience"/>.</summary>
    public AudienceParameter AudienceParameter { get; set; } = AudienceParameter.Audience;

    /// <summary>A cached token is refreshed in the background once less than this is left (at most half its lifetime). Default 1 minute.</summary>
    public TimeSpan TokenRefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A token is never sent with less than this left before it expires (at most a quarter of its lifetime). Default 5 seconds.</summary>
    public TimeSpan TokenExpiryMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time limit of one discovery or token request. Default 10 seconds.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a failed token request, calls that have no valid token fail at once for this long instead of asking the issuer again. Default 2 seconds.</summary>
    public TimeSpan TokenFailureBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Least time between two refreshes forced by a downstream <c>401 invalid_token</c>, per audience and scopes. Default 10 seconds.</summary>
    public TimeSpan TokenForcedRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most exchanged user tokens kept (<see cref="UserTokenMode.Exchange"/>), in flight included. Default 10,000.</summary>
    public int ExchangedTokenCacheMaxEntries { get; set; } = 10_000;

    /// <summary>Most memory the exchanged-token cache accounts for (both tokens' characters of every entry), in bytes. Default 32 MiB.</summary>
    public long ExchangedTokenCacheMaxBytes { get; set; } = 32L * 1024 * 1024;
}
