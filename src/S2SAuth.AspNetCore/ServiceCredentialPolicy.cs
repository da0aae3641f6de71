namespace S2SAuth;

/// <summary>
/// Which credential may prove the calling service on an endpoint (<c>ServiceAuth:DefaultServiceCredential</c>, or per
/// endpoint with <c>.RequireServiceCredential(...)</c> / <see cref="RequireServiceCredentialAttribute"/>). Whatever
/// proved it, the result is the same <see cref="ServiceIdentity"/> and the same <c>RequireActivity</c> decision. A
/// service token bound to a certificate (RFC 8705 <c>cnf</c>) is checked against the connection's certificate under
/// every policy.
/// </summary>
public enum ServiceCredentialPolicy
{
    /// <summary>A service token (<c>X-Service-Token</c>, or a SPIFFE JWT-SVID). The default: adding a credential kind never weakens an endpoint.</summary>
    Token,

    /// <summary>
    /// A client certificate: the TLS connection's (mutual TLS) or one a trusted proxy forwarded (Envoy
    /// <c>X-Forwarded-Client-Cert</c>, RFC 9440 <c>Client-Cert</c>). A service token sent along is verified too and must
    /// name the same service.
    /// </summary>
    Certificate,

    /// <summary>A service token when one is sent, else a client certificate.</summary>
    TokenOrCertificate,

    /// <summary>A service token bound to the connection's client certificate (RFC 8705 <c>cnf</c> / <c>x5t#S256</c>); an unbound token is refused.</summary>
    BoundToken,
}
