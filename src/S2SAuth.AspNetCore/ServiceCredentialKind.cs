namespace S2SAuth;

/// <summary>Which credential proved the calling service of a request (<see cref="ServiceIdentity.Credential"/>, and the audit event's).</summary>
public enum ServiceCredentialKind
{
    /// <summary>A service token (<c>X-Service-Token</c>) from the configured issuer.</summary>
    Token,

    /// <summary>A service token bound to the connection's client certificate (RFC 8705), checked against it.</summary>
    BoundToken,

    /// <summary>The TLS connection's client certificate (mutual TLS), validated against the trust bundle.</summary>
    Certificate,

    /// <summary>A client certificate a trusted proxy or sidecar authenticated and forwarded (Envoy <c>X-Forwarded-Client-Cert</c>, RFC 9440 <c>Client-Cert</c>).</summary>
    ForwardedCertificate,

    /// <summary>A SPIFFE JWT-SVID, verified with its trust domain's bundle.</summary>
    SpiffeJwt,

    /// <summary>An HTTP Message Signature (RFC 9421) over the request, by a configured key.</summary>
    SignedRequest,

    /// <summary>An API key from the hashed key store.</summary>
    ApiKey,
}
