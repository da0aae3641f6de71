namespace S2SAuth;

/// <summary>
/// Settings of S2SAuth, bound from the <c>ServiceAuth</c> configuration section
/// (environment variables: <c>ServiceAuth__Authority</c>, ...). Checked once at start-up.
/// </summary>
public sealed class ServiceAuthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ServiceAuth";

    private TimeSpan? _maxTokenLifetime;
    private ServiceTokenRecognition? _serviceTokenRecognition;

    /// <summary>
    /// The identity provider whose token shape this service accepts (<c>ServiceAuth:Profile</c>). Default
    /// <see cref="IdentityProviderProfile.S2SAuth"/>. Sets the defaults of <see cref="ServiceTokenRecognition"/>,
    /// <see cref="MaxTokenLifetime"/>, <see cref="AudienceClaim"/>, <see cref="ServiceTokens"/> and <see cref="UserTokens"/>.
    /// </summary>
    public IdentityProviderProfile Profile { get; set; } = IdentityProviderProfile.S2SAuth;

    /// <summary>Issuer URL. Metadata comes from <c>{Authority}/.well-known/openid-configuration</c>. Required.</summary>
    public string? Authority { get; set; }

    /// <summary>Expected <c>iss</c>, compared exactly. Default: the <c>issuer</c> of the discovery document.</summary>
    public string? Issuer { get; set; }

    /// <summary>Explicit discovery document URL, when it is not under <see cref="Authority"/>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Explicit JWKS URL; when set, no discovery document is read and <see cref="Issuer"/> defaults to <see cref="Authority"/>.</summary>
    public string? JwksUri { get; set; }

    /// <summary>
    /// Further origins (<c>https://host[:port]</c>, no path) the discovery document's <c>jwks_uri</c> may point to. By
    /// default the keys must be served from the origin of <see cref="Authority"/> (or of <see cref="MetadataAddress"/>,
    /// when set); a <c>jwks_uri</c> elsewhere is refused and nothing is fetched from it. Example: Google publishes its
    /// keys on <c>https://www.googleapis.com</c>, not on <c>https://accounts.google.com</c>.
    /// </summary>
    public IList<string> AllowedJwksOrigins { get; set; } = [];

    /// <summary>This service's audience (a name or a URI such as <c>urn:pricing-service</c>).</summary>
    public string? Audience { get; set; }

    /// <summary>Further accepted audiences, e.g. a shared internal audience. A token must name at least one.</summary>
    public IList<string> Audiences { get; set; } = [];

    /// <summary>Require HTTPS for metadata and keys. Default <see langword="true"/>; <see langword="false"/> is accepted only for a loopback authority or in the Development environment.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Accepted JWS algorithms. <see langword="null"/> (the default) means RS256, PS256 and ES256; a list set in code or
    /// configuration (<c>ServiceAuth:ValidAlgorithms:0=ES256</c>) replaces that default rather than adding to it.
    /// <c>none</c> is never accepted, HMAC never against an issuer's public keys.
    /// </summary>
    public IList<string>? ValidAlgorithms { get; set; }

    /// <summary>Allowed clock difference with the issuer. Default 30 seconds, at most 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest accepted token lifetime (<c>exp - iat</c>) of either kind, unless <c>ServiceTokens:MaxLifetime</c> or <c>UserTokens:MaxLifetime</c>
    /// sets one for a kind. Unset: the profile's (1 hour; Entra ID 2 hours; Auth0 24 hours).
    /// </summary>
    public TimeSpan MaxTokenLifetime
    {
        get => _maxTokenLifetime ?? Profiles.ProviderProfiles.Of(Profile).MaxLifetime;
        set => _maxTokenLifetime = Explicit(value, _maxTokenLifetime, Profiles.ProviderProfiles.Of(Profile).MaxLifetime);
    }

    /// <summary>Largest accepted token, in characters. Default 16 KiB.</summary>
    public int MaxTokenLength { get; set; } = 16 * 1024;

    /// <summary>When set, service tokens must carry an equal <c>env</c> claim (prod, staging and dev never cross).</summary>
    public string? Environment { get; set; }

    /// <summary>How a token is recognised as a service token or a user token. Unset: the profile's rule (S2SAuth: <see cref="ServiceTokenRecognition.TypeClaimOrClientCredentials"/>).</summary>
    public ServiceTokenRecognition ServiceTokenRecognition
    {
        get => _serviceTokenRecognition ?? Profiles.ProviderProfiles.Of(Profile).Recognition;
        set => _serviceTokenRecognition = Explicit(value, _serviceTokenRecognition, Profiles.ProviderProfiles.Of(Profile).Recognition);
    }

    /// <summary>
    /// The claim compared with <see cref="Audience"/> and <see cref="Audiences"/>. Unset: the profile's — <c>aud</c>, or
    /// <c>client_id</c> for Cognito, whose access tokens carry no <c>aud</c> (then list the accepted app client ids as audiences).
    /// </summary>
    public string? AudienceClaim { get; set; }

    /// <summary>What is read from service tokens, and what they must carry (<c>ServiceAuth:ServiceTokens</c>); unset values come from the profile.</summary>
    public ServiceTokenOptions ServiceTokens { get; set; } = new();

    /// <summary>What is read from user tokens, and what they must carry (<c>ServiceAuth:UserTokens</c>); unset values come from the profile.</summary>
    public UserTokenOptions UserTokens { get; set; } = new();

    /// <summary>Identities an endpoint needs when it declares none itself. Default: service and user.</summary>
    public RequiredIdentities DefaultRequiredIdentities { get; set; } = RequiredIdentities.ServiceAndUser;

    /// <summary>
    /// Which credential proves the calling service on an endpoint that declares none itself
    /// (<c>.RequireServiceCredential(...)</c>). Default: <see cref="ServiceCredentialPolicy.Token"/>.
    /// </summary>
    public ServiceCredentialPolicy DefaultServiceCredential { get; set; } = ServiceCredentialPolicy.Token;

    /// <summary>Client certificates as a service credential: trust bundle, identity, revocation lists, mesh headers (<c>ServiceAuth:Certificates</c>).</summary>
    public CertificateOptions Certificates { get; set; } = new();

    /// <summary>SPIFFE trust domains, SPIFFE ID → service id mapping, JWT-SVID bundles (<c>ServiceAuth:Spiffe</c>).</summary>
    public SpiffeOptions Spiffe { get; set; } = new();

    /// <summary>
    /// Scopes granted by service id to callers whose credential carries none (client certificates, mesh-forwarded
    /// certificates, JWT-SVIDs), e.g. <c>"orders-service": ["pricing.quote"]</c>. A service not named here has no scopes.
    /// </summary>
    public IDictionary<string, IList<string>> ServiceScopes { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// Webhook providers by name (<c>ServiceAuth:Webhooks:{name}</c>), named by <c>.RequireWebhookSignature("{name}")</c>.
    /// None by default (nothing is read). See <see cref="WebhookProviderOptions"/> and docs/webhooks.md.
    /// </summary>
    public IDictionary<string, WebhookProviderOptions> Webhooks { get; set; } = new Dictionary<string, WebhookProviderOptions>(StringComparer.Ordinal);

    /// <summary>Scheduled refresh of the signing keys. Default 1 hour.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Least time between two fetches of the keys triggered by unknown <c>kid</c>s or failures. Default 30 seconds.</summary>
    public TimeSpan KeyRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long keys stay trusted after their last successful fetch while every refresh fails (issuer down, timeouts,
    /// error statuses, unparsable documents). Default 24 hours, between 1 minute and 7 days, and longer than
    /// <see cref="KeyRefreshInterval"/>. Past it no key is trusted and requests answer 503 <c>signing_keys_unavailable</c>
    /// until a fetch succeeds. A fetch that succeeds is authoritative: keys it no longer lists are dropped at once.
    /// </summary>
    public TimeSpan KeyMaxStaleness { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Time limit of one metadata or JWKS request. Default 10 seconds.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The verified-token cache (section <c>ServiceAuth:VerifiedTokenCache</c>): repeated tokens skip the signature check
    /// until their <c>exp</c>, <c>MaxDuration</c> (default 5 minutes) or a change of the issuer's keys, whichever comes first.
    /// </summary>
    public VerifiedTokenCacheOptions VerifiedTokenCache { get; set; } = new();

    /// <summary>OAuth2 client id of this service, for its outgoing calls.</summary>
    public string? ClientId { get; set; }

    /// <summary>OAuth2 client secret of this service, for its outgoing calls. Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Rules of <c>RequireActivity</c>: activity → service scope map, role → activities map, the privileged
    /// cross-tenant scope (section <c>ServiceAuth:Authorization</c>).
    /// </summary>
    public ActivityAuthorizationOptions Authorization { get; set; } = new();

    /// <summary>How audit events are written (<c>ServiceAuth:Audit</c>): off the request path by default.</summary>
    public AuditOptions Audit { get; set; } = new();

    /// <summary>
    /// Rules for delegated user tokens, whose RFC 8693 <c>act</c> chain names the services that exchanged them: the
    /// longest chain, whether the most recent actor must be the caller, whether forwarded tokens are refused
    /// (section <c>ServiceAuth:Delegation</c>).
    /// </summary>
    public DelegationOptions Delegation { get; set; } = new();

    /// <summary>
    /// The value to keep for a setting whose default follows <see cref="Profile"/>: a write of the profile's own value
    /// (the configuration binder writes every value-type property back, in declaration order) leaves it following the profile.
    /// </summary>
    private static T? Explicit<T>(T value, T? current, T profileDefault)
        where T : struct =>
        current is null && EqualityComparer<T>.Default.Equals(value, profileDefault) ? null : value;

    /// <summary>The algorithms used when <see cref="ValidAlgorithms"/> is not set.</summary>
    internal static IList<string> DefaultAlgorithms { get; } = Array.AsReadOnly<string>(["RS256", "PS256", "ES256"]);

    // A non-null default list would be appended to, not replaced, by the configuration binder, so an operator
    // could never narrow the allow-list from configuration: the default lives here instead.
    internal IEnumerable<string> EffectiveAlgorithms() => ValidAlgorithms ?? DefaultAlgorithms;

    /// <summary>The longest lifetime any accepted token can have: how long a revocation must be remembered.</summary>
    internal TimeSpan LongestTokenLifetime()
    {
        var longest = MaxTokenLifetime;
        foreach (var kind in (ReadOnlySpan<TimeSpan?>)[ServiceTokens?.MaxLifetime, UserTokens?.MaxLifetime])
        {
            if (kind > longest)
            {
                longest = kind.Value;
            }
        }

        return longest;
    }

    internal IEnumerable<string> AllAudiences() =>
        Audience is { Length: > 0 } a ? Audiences.Prepend(a) : Audiences;
}
