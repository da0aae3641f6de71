namespace S2SAuth;

/// <summary>
/// Names of S2SAuth's metrics and trace tags (OpenTelemetry style). Collect the metrics with
/// <c>.AddMeter(ServiceAuthTelemetry.MeterName)</c>.
/// </summary>
public static class ServiceAuthTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>S2SAuth</c>.</summary>
    public const string MeterName = "S2SAuth";

    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> of S2SAuth's spans (both packages), for
    /// <c>tracerProvider.AddSource("S2SAuth")</c>. Spans: <see cref="VerifyTokenSpan"/>, <see cref="RefreshSigningKeysSpan"/>,
    /// <see cref="IntrospectSpan"/>, <see cref="FetchPermissionsSpan"/>, and from S2SAuth.Client
    /// <c>s2sauth.acquire_service_token</c> and <c>s2sauth.exchange_user_token</c>. A cache hit makes no span.
    /// </summary>
    public const string ActivitySourceName = "S2SAuth";

    /// <summary>Span: a token verified in full (first sight, not from the verified-token cache), tagged <see cref="TokenKindTag"/>.</summary>
    public const string VerifyTokenSpan = "s2sauth.verify_token";

    /// <summary>Span: one fetch of the issuer's discovery document and JWKS.</summary>
    public const string RefreshSigningKeysSpan = "s2sauth.refresh_signing_keys";

    /// <summary>Span: one RFC 7662 introspection call to the issuer.</summary>
    public const string IntrospectSpan = "s2sauth.introspect";

    /// <summary>Span: one call to the remote permission source.</summary>
    public const string FetchPermissionsSpan = "s2sauth.fetch_permissions";

    /// <summary>Span tag: how the span's work ended, <c>ok</c> or a failure word (<c>refused</c>, <c>failed</c>, ...); the span's status is Error unless <c>ok</c>.</summary>
    public const string SpanOutcomeTag = "s2sauth.outcome";

    /// <summary>Span tag: the error or reason code when the work did not end <c>ok</c> (an S2SAuth code, an OAuth error or a failure reason).</summary>
    public const string SpanCodeTag = "s2sauth.code";

    /// <summary>Span tag: <c>service</c> or <c>user</c>, the token a <see cref="VerifyTokenSpan"/> verified.</summary>
    public const string TokenKindTag = "s2sauth.token.kind";

    /// <summary>Trace tag on the request's span (ASP.NET Core's): the request's correlation id (<c>X-Correlation-Id</c>), so a trace and the audit lines meet.</summary>
    public const string CorrelationIdTag = "s2sauth.correlation_id";

    /// <summary>Counter of <c>RequireActivity</c> decisions, tagged with outcome, reason and activity.</summary>
    public const string DecisionsCounter = "s2sauth.authorization.decisions";

    /// <summary>Histogram of the time one <c>RequireActivity</c> decision takes, in seconds.</summary>
    public const string DecisionDuration = "s2sauth.authorization.duration";

    /// <summary>Counter of audit events written to the sink (background and synchronous).</summary>
    public const string AuditWritten = "s2sauth.audit.written";

    /// <summary>
    /// Counter of audit events not written, tagged <see cref="AuditDropReasonTag"/>. Any value above zero is worth an
    /// alert: the sink is slower than the traffic or failing.
    /// </summary>
    public const string AuditDropped = "s2sauth.audit.dropped";

    /// <summary>Gauge of the events waiting in the background audit queue.</summary>
    public const string AuditQueueDepth = "s2sauth.audit.queue_depth";

    /// <summary>Tag: why audit events were dropped: <c>queue_full</c>, <c>wait_timeout</c>, <c>sink_failed</c> or <c>shutdown_timeout</c>.</summary>
    public const string AuditDropReasonTag = "s2sauth.audit.reason";

    /// <summary>
    /// Gauge of the age, in seconds, of the signing keys in use (time since their last successful fetch); nothing is
    /// reported while no keys are held. Alert when it nears <c>KeyMaxStaleness</c>.
    /// </summary>
    public const string SigningKeysAge = "s2sauth.signing_keys.age";

    /// <summary>Counter of signing-key fetches, tagged with their outcome (and the reason of a failure).</summary>
    public const string SigningKeyFetches = "s2sauth.signing_keys.fetches";

    /// <summary>Tag: <c>ok</c>, <c>failed</c> (the last good keys stay, up to <c>KeyMaxStaleness</c>) or <c>no_usable_keys</c> (every key dropped).</summary>
    public const string SigningKeysOutcomeTag = "s2sauth.signing_keys.outcome";

    /// <summary>Tag: why a fetch failed, e.g. <c>http_503</c>, <c>timeout</c>, <c>unreachable</c>, <c>invalid_document</c>, <c>jwks_uri_not_allowed</c>.</summary>
    public const string SigningKeysReasonTag = "s2sauth.signing_keys.reason";

    /// <summary>Tag: <c>allowed</c> or <c>denied</c> (metrics and traces).</summary>
    public const string OutcomeTag = "s2sauth.authorization.outcome";

    /// <summary>Tag: the error code of a denial (metrics and traces); absent when allowed.</summary>
    public const string ReasonTag = "s2sauth.authorization.reason";

    /// <summary>Tag: the activity decided (metrics and traces).</summary>
    public const string ActivityTag = "s2sauth.activity";

    /// <summary>Tag: <see langword="true"/> when an allowed decision acted across tenants (metrics and traces).</summary>
    public const string CrossTenantTag = "s2sauth.authorization.cross_tenant";

    /// <summary>Trace tag: the verified calling service.</summary>
    public const string ServiceIdTag = "s2sauth.service.id";

    /// <summary>Trace tag: the verified user.</summary>
    public const string UserIdTag = "s2sauth.user.id";

    /// <summary>Trace tag: the derived tenant.</summary>
    public const string TenantIdTag = "s2sauth.tenant.id";

    // Revocation (issue 14).

    /// <summary>
    /// Gauge of the age, in seconds, of the revocation state: time since it was last confirmed in sync with the shared
    /// store (Redis); absent with the in-memory store. Requests meet <c>ServiceAuth:Revocation:StalePolicy</c> past <c>MaxStaleness</c>.
    /// </summary>
    public const string RevocationStaleness = "s2sauth.revocation.staleness";

    /// <summary>Gauge of the revocation entries held in memory, tagged <see cref="RevocationKindTag"/> (<c>token</c> or <c>subject</c>).</summary>
    public const string RevocationEntries = "s2sauth.revocation.entries";

    /// <summary>Counter of revocations applied to this instance, tagged <see cref="RevocationKindTag"/> and <see cref="RevocationSourceTag"/>.</summary>
    public const string RevocationsApplied = "s2sauth.revocation.applied";

    /// <summary>Counter of tokens refused by the revocation check, tagged with the error code (<see cref="ReasonTag"/>).</summary>
    public const string RevocationRefusals = "s2sauth.revocation.refusals";

    /// <summary>Counter of revocations that did not fit under <c>ServiceAuth:Revocation:MaxEntries</c> (each one fails the instance closed until it expires).</summary>
    public const string RevocationOverflows = "s2sauth.revocation.overflows";

    /// <summary>Tag: <c>token</c> (a <c>jti</c>) or <c>subject</c> (a cut-off).</summary>
    public const string RevocationKindTag = "s2sauth.revocation.kind";

    /// <summary>Tag: <c>local</c> (made on this instance) or <c>store</c> (received from the shared store).</summary>
    public const string RevocationSourceTag = "s2sauth.revocation.source";

    // API keys (issue 16).

    /// <summary>Counter of requests an API key proved, tagged <see cref="ApiKeyClientTag"/> and <see cref="ApiKeyIdTag"/> (configured names only).</summary>
    public const string ApiKeyUses = "s2sauth.api_key.uses";

    /// <summary>
    /// Gauge per configured API key (tagged <see cref="ApiKeyClientTag"/> and <see cref="ApiKeyIdTag"/>): seconds since this
    /// instance last accepted it (since the key was loaded, when never). During a rotation, the old key is idle once it grows on every instance.
    /// </summary>
    public const string ApiKeyIdle = "s2sauth.api_key.idle";

    /// <summary>Counter of refused API keys, tagged with the error code (<see cref="ReasonTag"/>); never with the caller's key id.</summary>
    public const string ApiKeyRefusals = "s2sauth.api_key.refusals";

    /// <summary>Tag: the API-key client (its name under <c>ServiceAuth:ApiKeys:Clients</c>).</summary>
    public const string ApiKeyClientTag = "s2sauth.api_key.client";

    /// <summary>Tag: the API key's id.</summary>
    public const string ApiKeyIdTag = "s2sauth.api_key.id";

    // S2SAuth-only metrics (issue 18): refusals, cache hit ratios, revocation lag, replays.

    /// <summary>
    /// Counter of every request S2SAuth refused (each problem document it wrote: authentication, authorization, API
    /// keys, revocation, signed requests, idempotency, webhooks), tagged <see cref="CodeTag"/> and <see cref="HttpStatusCodeTag"/>.
    /// The narrower counters (<see cref="DecisionsCounter"/> denials, <see cref="ApiKeyRefusals"/>, <see cref="RevocationRefusals"/>)
    /// count the same refusals again from their own step, with their own tags: do not add them up.
    /// </summary>
    public const string RefusalsCounter = "s2sauth.refusals";

    /// <summary>Tag: the refusal's stable error code (the problem document's <c>code</c>).</summary>
    public const string CodeTag = "s2sauth.code";

    /// <summary>Tag: the refusal's HTTP status (OpenTelemetry's <c>http.response.status_code</c>), an integer.</summary>
    public const string HttpStatusCodeTag = "http.response.status_code";

    /// <summary>
    /// Counter of verified-token cache lookups, tagged <see cref="CacheResultTag"/> and <see cref="TokenKindTag"/>; hit ratio =
    /// hits / all. A JWT-SVID found in the SPIFFE verifier's own cache counts as a hit. Reference tokens are never cached (misses).
    /// </summary>
    public const string VerifiedTokenCacheLookups = "s2sauth.verified_token_cache.lookups";

    /// <summary>Counter of the remote permission source's answer-cache lookups (<c>AddRemotePermissions</c>), tagged <see cref="CacheResultTag"/>.</summary>
    public const string PermissionCacheLookups = "s2sauth.permission_cache.lookups";

    /// <summary>Tag: <c>hit</c> or <c>miss</c>.</summary>
    public const string CacheResultTag = "s2sauth.cache.result";

    /// <summary>
    /// Histogram, in seconds, of the revocation lag: the time from a revocation's publication to the shared store
    /// (Redis) to its application on this instance (clock skew between hosts included; never below 0). Recorded for
    /// revocations read from the store's log that changed this instance's state. Next to it, <see cref="RevocationStaleness"/>
    /// says how long ago the state was last confirmed in sync.
    /// </summary>
    public const string RevocationLag = "s2sauth.revocation.lag";

    /// <summary>Counter of webhook deliveries refused as replays (already seen: answered 200 duplicate), tagged <see cref="WebhookProviderTag"/>.</summary>
    public const string WebhookReplays = "s2sauth.webhooks.replays";

    /// <summary>Counter of signed requests (RFC 9421) refused because their nonce was already used, tagged <see cref="SignedRequestKeyIdTag"/>.</summary>
    public const string SignedRequestReplays = "s2sauth.signed_requests.replays";

    /// <summary>Tag: the webhook provider (its configured name under <c>ServiceAuth:Webhooks</c>).</summary>
    public const string WebhookProviderTag = "s2sauth.webhook.provider";

    /// <summary>Tag: the signed request's key id (a configured key: replays are checked only after the signature holds).</summary>
    public const string SignedRequestKeyIdTag = "s2sauth.signed_request.key_id";
}
