namespace S2SAuth;

/// <summary>
/// The stable error codes S2SAuth writes into the <c>code</c> member of its problem details
/// (and into <c>WWW-Authenticate</c> and logs). Clients and dashboards may depend on them.
/// </summary>
public static class AuthErrorCodes
{
    /// <summary>401: the endpoint needs a service token and the request has no <c>X-Service-Token</c>.</summary>
    public const string ServiceTokenMissing = "service_token_missing";

    /// <summary>401: the endpoint needs a user token and the request has none.</summary>
    public const string UserTokenMissing = "user_token_missing";

    /// <summary>401: a header was sent twice, or the user token came both as bearer and as <c>X-User-Token</c>.</summary>
    public const string MultipleTokens = "multiple_tokens";

    /// <summary>401: not a compact JWS (bad segments, base64url or JSON, encrypted, wrong claim types).</summary>
    public const string TokenMalformed = "token_malformed";

    /// <summary>401: the token is longer than the configured maximum.</summary>
    public const string TokenTooLarge = "token_too_large";

    /// <summary>401: the <c>alg</c> header is not in the allow-list (including <c>none</c> in any casing).</summary>
    public const string AlgorithmNotAllowed = "alg_not_allowed";

    /// <summary>401: the header has a <c>crit</c> parameter; no extension is understood.</summary>
    public const string CriticalHeaderUnsupported = "crit_unsupported";

    /// <summary>401: no <c>kid</c>, or no published key has it, even after a refresh.</summary>
    public const string UnknownSigningKey = "unknown_signing_key";

    /// <summary>401: the signature does not verify.</summary>
    public const string SignatureInvalid = "signature_invalid";

    /// <summary>401: the time is at or after <c>exp</c> (plus the clock skew), to the instant.</summary>
    public const string TokenExpired = "token_expired";

    /// <summary>401: <c>nbf</c> or <c>iat</c> lies in the future (beyond the clock skew).</summary>
    public const string TokenNotYetValid = "token_not_yet_valid";

    /// <summary>401: the lifetime is inconsistent or longer than allowed.</summary>
    public const string TokenLifetimeInvalid = "token_lifetime_invalid";

    /// <summary>401: a required claim (<c>sub</c>, <c>exp</c>, <c>iat</c>, <c>jti</c>, <c>iss</c>, <c>aud</c>) is missing.</summary>
    public const string ClaimMissing = "claim_missing";

    /// <summary>401: <c>iss</c> is not the configured issuer.</summary>
    public const string IssuerInvalid = "issuer_invalid";

    /// <summary>401: <c>aud</c> does not name this service.</summary>
    public const string AudienceInvalid = "audience_invalid";

    /// <summary>401: a user token sent as service token or the reverse, or an unexpected <c>typ</c> header.</summary>
    public const string TokenTypeInvalid = "token_type_invalid";

    /// <summary>401: the token is neither clearly a service token nor clearly a user token by the configured <see cref="ServiceTokenRecognition"/> rule (it matches neither, or both): refused as either, never guessed.</summary>
    public const string TokenTypeUnrecognized = "token_type_unrecognized";

    /// <summary>401: the token's <c>env</c> is not this deployment's.</summary>
    public const string EnvironmentMismatch = "environment_mismatch";

    /// <summary>401: the token failed verification for another reason.</summary>
    public const string TokenInvalid = "token_invalid";

    /// <summary>503: no usable signing keys: none could be obtained yet, the issuer published none, or the last good ones outlived <c>KeyMaxStaleness</c>; retry later.</summary>
    public const string SigningKeysUnavailable = "signing_keys_unavailable";

    /// <summary>503: a per-request token check (<see cref="ITokenCheck"/>, e.g. revocation) failed to answer; the token is not let through. Retry later.</summary>
    public const string TokenCheckUnavailable = "token_check_unavailable";

    /// <summary>403: the endpoint takes no user token (a system-job endpoint) and one was sent.</summary>
    public const string UserTokenNotAllowed = "user_token_not_allowed";

    /// <summary>403: the identities are valid but the request is not allowed.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>403: the calling service's scopes do not allow the endpoint's activity (neither the activity key nor a mapped scope).</summary>
    public const string ScopeMissing = "scope_missing";

    /// <summary>403: the user holds the activity neither in <c>permissions</c>, nor through a mapped role, nor in the permission source.</summary>
    public const string PermissionDenied = "permission_denied";

    /// <summary>503: the remote permission source could not answer (down, timed out, bad answer); the request is refused, retry later.</summary>
    public const string PermissionSourceUnavailable = "permission_source_unavailable";

    /// <summary>403: the tenant named in the route, query or body is not the tenant derived from the verified tokens.</summary>
    public const string TenantMismatch = "tenant_mismatch";

    /// <summary>403: the endpoint is tenant-scoped and no verified token names a tenant (e.g. a service-only call without <c>tenant_id</c>).</summary>
    public const string TenantMissing = "tenant_missing";

    /// <summary>403: the endpoint reads the tenant from the body, which is not JSON, malformed, or larger than allowed.</summary>
    public const string TenantUnreadable = "tenant_unreadable";

    /// <summary>403: the route, query or body names a tenant id that is not a valid id (1–128 characters of <c>[A-Za-z0-9._:-]</c>, the correlation-id rule).</summary>
    public const string TenantInvalid = "tenant_invalid";

    /// <summary>403: the request acts in another tenant on a cross-tenant endpoint, and the caller lacks the privileged cross-tenant scope.</summary>
    public const string CrossTenantNotAllowed = "cross_tenant_not_allowed";

    /// <summary>403: the endpoint's object-level rule refused access to the object.</summary>
    public const string ObjectDenied = "object_denied";

    // Central verification (RFC 7662 introspection: RequireLiveCheck, ServiceAuth:Introspection).

    /// <summary>401: the endpoint needs a live check and the issuer's introspection says the token is not active (revoked, expired, unknown).</summary>
    public const string TokenInactive = "token_inactive";

    /// <summary>401: the issuer says the token is active but its answer contradicts the verified token (<c>iss</c>, <c>jti</c>, <c>exp</c>, or an <c>aud</c> not naming this service).</summary>
    public const string IntrospectionMismatch = "introspection_mismatch";

    /// <summary>503: the endpoint needs a live check and no introspection answer could be had (issuer down, time-out, error status, unreadable answer, introspection not added); the token is not let through. Retry later.</summary>
    public const string IntrospectionUnavailable = "introspection_unavailable";

    // Idempotency (.RequireIdempotency(), docs/idempotency.md)

    /// <summary>400: a state-changing call to an idempotent endpoint came without <c>Idempotency-Key</c> (and <c>ServiceAuth:Idempotency:RequireKey</c> is on).</summary>
    public const string IdempotencyKeyMissing = "idempotency_key_missing";

    /// <summary>400: <c>Idempotency-Key</c> is sent more than once, or is not 1–128 characters of <c>[A-Za-z0-9._:-]</c> (bare or in double quotes).</summary>
    public const string IdempotencyKeyInvalid = "idempotency_key_invalid";

    /// <summary>409: the first call with this key is still running; retry after <c>Retry-After</c> seconds to get its stored response.</summary>
    public const string IdempotencyInProgress = "idempotency_in_progress";

    /// <summary>409: the call with this key ran, but its response was larger than <c>ServiceAuth:Idempotency:MaxResponseBytes</c> and was not stored; it does not run again.</summary>
    public const string IdempotencyResponseNotStored = "idempotency_response_not_stored";

    /// <summary>422: this key was used for a different request (method, path, query or body) by the same caller; use a new key for a new call.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>503: the idempotency store cannot answer (down, timed out, or full); the endpoint did not run. Retry later with the same key.</summary>
    public const string IdempotencyStoreUnavailable = "idempotency_store_unavailable";

    // Revocation (issue 14).

    /// <summary>401: the token was revoked (its issuer and <c>jti</c> are on the denylist), or its subject was cut off and it was issued before the cut-off.</summary>
    public const string TokenRevoked = "token_revoked";

    /// <summary>503: the revocation state has not been confirmed in sync with the shared store for longer than <c>ServiceAuth:Revocation:MaxStaleness</c>, or was never loaded (fail closed); retry later.</summary>
    public const string RevocationStateStale = "revocation_state_stale";

    /// <summary>503: more revocations arrived than <c>ServiceAuth:Revocation:MaxEntries</c> holds; until those that did not fit have expired, no token is let through (fail closed).</summary>
    public const string RevocationStateOverflow = "revocation_state_overflow";

    // Certificates and bound tokens (ServiceAuth:Certificates, ServiceAuth:Spiffe; docs/certificates.md).

    /// <summary>401: the endpoint needs a client certificate (<see cref="ServiceCredentialPolicy.Certificate"/> or <see cref="ServiceCredentialPolicy.BoundToken"/>) and the connection has none (nor one forwarded by a trusted proxy).</summary>
    public const string CertificateMissing = "certificate_missing";

    /// <summary>401: the client certificate does not chain to a CA of the trust bundle (unknown or removed CA, bad signature, no trust bundle configured).</summary>
    public const string CertificateUntrusted = "certificate_untrusted";

    /// <summary>401: the client certificate (or a CA certificate of its chain) has expired.</summary>
    public const string CertificateExpired = "certificate_expired";

    /// <summary>401: the client certificate (or a CA certificate of its chain) is not valid yet.</summary>
    public const string CertificateNotYetValid = "certificate_not_yet_valid";

    /// <summary>401: the client certificate may not authenticate a client: no TLS client-authentication extended key usage, a key usage without digital signature, or a leaf that is itself a CA.</summary>
    public const string CertificateUsageInvalid = "certificate_usage_invalid";

    /// <summary>401: the certificate's names break the identity rules: no SAN to read, not exactly one URI SAN, not a valid SPIFFE ID, or (forwarded) a malformed header field.</summary>
    public const string CertificateIdentityInvalid = "certificate_identity_invalid";

    /// <summary>401: the certificate (or JWT-SVID) names a workload that may not call: a trust domain not allowed, or a DNS name not mapped to a service.</summary>
    public const string CertificateIdentityNotAllowed = "certificate_identity_not_allowed";

    /// <summary>401: the client certificate (or a CA certificate of its chain) is on its CA's revocation list.</summary>
    public const string CertificateRevoked = "certificate_revoked";

    /// <summary>503: a revocation list for the certificate's CA is configured but has not been loaded, or is stale beyond <c>ServiceAuth:Certificates:RevocationListMaxStaleness</c> (fail closed); retry later.</summary>
    public const string CertificateRevocationUnavailable = "certificate_revocation_unavailable";

    /// <summary>401: a certificate-bound token (RFC 8705 <c>cnf</c> / <c>x5t#S256</c>) came over a connection without that client certificate: none, or another one. A replayed bound token.</summary>
    public const string TokenBindingMismatch = "token_binding_mismatch";

    /// <summary>401: the endpoint needs a certificate-bound token (<see cref="ServiceCredentialPolicy.BoundToken"/>) and the service token is not bound.</summary>
    public const string TokenNotBound = "token_not_bound";

    /// <summary>401: the token's <c>cnf</c> claim is malformed, or names only a confirmation method S2SAuth cannot check (e.g. DPoP's <c>jkt</c>): refused rather than accepted unchecked.</summary>
    public const string TokenBindingUnsupported = "token_binding_unsupported";

    /// <summary>401: a service token and a client certificate both came and name different services.</summary>
    public const string CredentialConflict = "credential_conflict";

    /// <summary>401: the endpoint accepts only credentials the request does not present (no accepted credential at all, e.g. no API key on an API-key endpoint); the detail names what it accepts.</summary>
    public const string CredentialMissing = "credential_missing";

    /// <summary>401: the request proves its service only with a credential the endpoint does not accept (e.g. an API key on a token-only endpoint); the detail names what it accepts.</summary>
    public const string CredentialNotAccepted = "credential_not_accepted";

    /// <summary>503: a replay check (webhook event id, signature nonce) cannot be made because the shared store is unreachable or full (fail closed); retry later.</summary>
    public const string ReplayCheckUnavailable = "replay_check_unavailable";

    // Webhooks (ServiceAuth:Webhooks; docs/webhooks.md).

    /// <summary>401: a header the webhook provider's scheme needs (signature, id, timestamp) is absent or empty. The endpoint does not run.</summary>
    public const string WebhookSignatureMissing = "webhook_signature_missing";

    /// <summary>401: no signature of the delivery matches any configured secret of the provider over the raw body bytes (forged, tampered, or signed with another secret). The endpoint does not run.</summary>
    public const string WebhookSignatureInvalid = "webhook_signature_invalid";

    /// <summary>401: the signature holds but its signed timestamp is further than the provider's <c>Tolerance</c> from now, either way (a stale replay or clock skew). The endpoint does not run.</summary>
    public const string WebhookTimestampOutOfTolerance = "webhook_timestamp_out_of_tolerance";

    /// <summary>400: a webhook header is repeated, too long, or not in the scheme's format (bad timestamp, too many signatures, unsafe id). The endpoint does not run.</summary>
    public const string WebhookHeadersMalformed = "webhook_headers_malformed";

    /// <summary>413: the delivery's body is larger than the provider's <c>MaxBodyBytes</c> (by <c>Content-Length</c>, or counted while reading a chunked body). Nothing is verified; the endpoint does not run.</summary>
    public const string WebhookBodyTooLarge = "webhook_body_too_large";

    /// <summary>503: the endpoint names a webhook provider that <c>ServiceAuth:Webhooks</c> does not configure (normally refused at start-up; this answers endpoints added later). The endpoint does not run.</summary>
    public const string WebhookProviderUnknown = "webhook_provider_unknown";

    /// <summary>
    /// Not an error: the <c>code</c> of the 200 answer to a delivery whose event was already processed (same signed event
    /// id, or the same signed content). The endpoint does not run again; the provider stops retrying.
    /// </summary>
    public const string WebhookDuplicate = "webhook_duplicate";

    // -- end of webhooks --

    // Signed requests (RFC 9421; ServiceAuth:SignedRequests; docs/signed-requests.md).

    /// <summary>401: the <c>Signature-Input</c> / <c>Signature</c> fields cannot be read: one without the other, not RFC 8941 dictionaries, too large, a label sent twice, no label in both (or not the configured label), wrong parameter types, or a covered component S2SAuth does not support.</summary>
    public const string RequestSignatureMalformed = "request_signature_malformed";

    /// <summary>401: the signature does not verify with its key (a tampered method, authority, path, query or covered header; a wrong key; an <c>alg</c> that is not the key's), or a covered component is absent from the request.</summary>
    public const string RequestSignatureInvalid = "request_signature_invalid";

    /// <summary>401: the signature's <c>keyid</c> is missing or names no key of <c>ServiceAuth:SignedRequests:Keys</c>.</summary>
    public const string RequestSignatureKeyUnknown = "request_signature_key_unknown";

    /// <summary>401: the signature's <c>created</c> is older than <c>MaxAge</c> plus <c>ClockSkew</c>, or its <c>expires</c> has passed.</summary>
    public const string RequestSignatureExpired = "request_signature_expired";

    /// <summary>401: the signature's <c>created</c> lies in the future beyond <c>ClockSkew</c>.</summary>
    public const string RequestSignatureNotYetValid = "request_signature_not_yet_valid";

    /// <summary>401: the signature does not cover a required component (<c>@method</c>, <c>@authority</c>, <c>@path</c>, <c>@query</c>, <c>content-digest</c> with a body, or a configured one) or lacks a required parameter (<c>created</c>, <c>nonce</c>, <c>expires</c> when required); <c>claim</c> names it.</summary>
    public const string RequestSignatureComponentsMissing = "request_signature_components_missing";

    /// <summary>401: the signature's <c>nonce</c> was already used with its key (a replayed request), here or on another instance sharing the replay store.</summary>
    public const string RequestSignatureReplayed = "request_signature_replayed";

    /// <summary>401: a signed request has a body but no <c>Content-Digest</c> field (RFC 9530).</summary>
    public const string ContentDigestMissing = "content_digest_missing";

    /// <summary>401: the <c>Content-Digest</c> field cannot be read, or carries no supported algorithm (sha-256, sha-512).</summary>
    public const string ContentDigestMalformed = "content_digest_malformed";

    /// <summary>401: the body does not match its <c>Content-Digest</c> (a tampered body).</summary>
    public const string ContentDigestMismatch = "content_digest_mismatch";

    /// <summary>413: the body of a signed request is larger than <c>ServiceAuth:SignedRequests:MaxBodyBytes</c>, so its <c>Content-Digest</c> is not checked and the request is refused.</summary>
    public const string ContentDigestTooLarge = "content_digest_too_large";

    // -- end of signed requests --

    // API keys (ServiceAuth:ApiKeys; docs/api-keys.md).

    /// <summary>401: the API key header is sent more than once, is empty or too long, or its value is not an S2SAuth API key (<c>s2s_&lt;key id&gt;_&lt;secret&gt;</c>). Says nothing about any configured key.</summary>
    public const string ApiKeyMalformed = "api_key_malformed";

    /// <summary>401: the API key is not valid: its key id is unknown or its secret is wrong (one code for both, so it is no oracle on key ids).</summary>
    public const string ApiKeyInvalid = "api_key_invalid";

    /// <summary>401: the API key is valid but past its <c>ExpiresAt</c>; ask for the current key.</summary>
    public const string ApiKeyExpired = "api_key_expired";

    /// <summary>401: the API key is valid but before its <c>NotBefore</c> (a key prepared for a rotation, not in force yet).</summary>
    public const string ApiKeyNotYetValid = "api_key_not_yet_valid";

    /// <summary>401: the API key has been revoked (through <see cref="IRevocationService"/> with the issuer <see cref="ServiceAuthDefaults.ApiKeyRevocationIssuer"/>).</summary>
    public const string ApiKeyRevoked = "api_key_revoked";

    // -- end of API keys --

    // Delegation (RFC 8693 act chains; ServiceAuth:Delegation; docs/token-exchange.md).

    /// <summary>401: the user token's <c>act</c> claim is not a delegation chain: <c>act</c> (or an <c>act</c> nested in it) is not a JSON object, or an actor names itself by no <c>sub</c> string (nor, without <c>sub</c>, a <c>client_id</c> string).</summary>
    public const string ActorChainInvalid = "actor_chain_invalid";

    /// <summary>401: the user token's <c>act</c> chain names more actors than <c>ServiceAuth:Delegation:MaxActorDepth</c> (default 5).</summary>
    public const string ActorChainTooDeep = "actor_chain_too_deep";

    /// <summary>401: the user token was exchanged for another service (its most recent actor) than the one the request's service credential proves, or the request proves no service at all (<c>ServiceAuth:Delegation:RequireActorIsCaller</c>, on by default): a replayed exchanged token.</summary>
    public const string ActorNotCaller = "actor_not_caller";

    /// <summary>401: a user token without an <c>act</c> chain (forwarded, not exchanged) came with a service credential, and <c>ServiceAuth:Delegation:RequireActor</c> is on.</summary>
    public const string ActorMissing = "actor_missing";

    /// <summary>403: the activity lists the services that may act for a user (<c>ServiceAuth:Authorization:ActivityActors</c>) and an actor of the user token's <c>act</c> chain is not one of them.</summary>
    public const string ActorNotAllowed = "actor_not_allowed";

    // -- end of delegation --
}
