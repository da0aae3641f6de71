namespace S2SAuth;

/// <summary>
/// Central verification (RFC 7662 token introspection), added by <c>AddServiceAuth(...).AddIntrospection()</c> and
/// bound from <c>ServiceAuth:Introspection</c>. An endpoint marked <c>.RequireLiveCheck()</c> (or
/// <c>[RequireLiveCheck]</c>), or one that requires an activity listed in <see cref="Activities"/>, accepts a token
/// only after the issuer's introspection endpoint says it is active, asked with this service's own client credentials
/// (<see cref="ClientId"/>, default <c>ServiceAuth:ClientId</c>). The token is still verified locally first.
/// </summary>
public sealed class IntrospectionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = ServiceAuthOptions.SectionName + ":Introspection";

    /// <summary>
    /// The introspection endpoint. Default: the <c>introspection_endpoint</c> of the issuer's discovery document
    /// (<c>ServiceAuth:Authority</c>, or <c>ServiceAuth:MetadataAddress</c>), which must be on the issuer's origin.
    /// https, or http on loopback when <c>ServiceAuth:RequireHttpsMetadata</c> is off.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The client id this service introspects with. Default: <c>ServiceAuth:ClientId</c>. Set it when the issuer wants
    /// another identity for introspection than for outgoing calls: OpenIddict, for example, answers <c>active</c> only
    /// to a client named in the token's <c>aud</c> (or the client it was issued to).
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The secret of <see cref="ClientId"/>; default <c>ServiceAuth:ClientSecret</c>. From a secret store or the environment; never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Activities (the keys of <c>RequireActivity</c>) whose endpoints need a live check, e.g. <c>payment.capture</c>:
    /// an endpoint that requires any of them is checked as if it were marked <c>RequireLiveCheck()</c>. Compared exactly.
    /// </summary>
    public IList<string> Activities { get; set; } = [];

    /// <summary>Introspect the calling service's token (<c>X-Service-Token</c>) on live-checked endpoints. Default <see langword="true"/>.</summary>
    public bool CheckServiceToken { get; set; } = true;

    /// <summary>Introspect the user token on live-checked endpoints. Default <see langword="true"/>.</summary>
    public bool CheckUserToken { get; set; } = true;

    /// <summary>
    /// How long an <c>active</c> answer is reused for the same token; never past the token's <c>exp</c>. Default 10
    /// seconds, at most 5 minutes; zero asks the issuer on every request (concurrent requests still share one call).
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an inactive answer is reused for the same token. Default 10 seconds, at most 5 minutes; zero disables it.</summary>
    public TimeSpan InactiveCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most answers kept at once. Default 10,000, between 16 and 1,000,000. When full, expired answers are swept (at most
    /// once a second) and, if none can go, a new answer is used for its request but not kept: the cache never grows past it.
    /// </summary>
    public int MaxCacheEntries { get; set; } = 10_000;

    /// <summary>
    /// Time limit of one introspection call (and of the discovery request that finds the endpoint). Default 5 seconds,
    /// between 100 milliseconds and 60 seconds. A call that runs out answers 503 <c>introspection_unavailable</c>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Accept reference (opaque) tokens: a token that is not a JWS is introspected (through the same cache, one call in
    /// flight per token) instead of being refused <c>token_malformed</c>, and its active answer's claims are held to the
    /// same rules as a JWT's (kind, required claims, caller id, lifetime, <c>iss</c>, audience). A token longer than
    /// <c>ServiceAuth:MaxTokenLength</c> or outside the RFC 6750 <c>b64token</c> characters is refused without a call.
    /// Default <see langword="false"/>: only JWTs are accepted.
    /// </summary>
    public bool AcceptReferenceTokens { get; set; }

    /// <summary>
    /// Most introspection calls for reference tokens in flight at once (concurrent requests for one token share one
    /// call). Beyond it a new reference token is refused 503 <c>introspection_unavailable</c> without a call, so a flood
    /// of distinct junk strings cannot flood the issuer. Default 16, between 1 and 1,024.
    /// </summary>
    public int MaxConcurrentReferenceCalls { get; set; } = 16;
}
