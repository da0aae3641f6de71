namespace S2SAuth;

/// <summary>
/// Which credentials may prove the calling service on an endpoint (<c>ServiceAuth:DefaultServiceCredential</c>, or per
/// endpoint with <c>.RequireServiceCredential(...)</c> / <see cref="RequireServiceCredentialAttribute"/>). Flags:
/// combine them (<c>Token | ApiKey</c>, in configuration <c>"Token, ApiKey"</c>) to accept any of several. Whatever
/// proved the caller, the result is the same <see cref="ServiceIdentity"/> and the same <c>RequireActivity</c> decision.
/// A service token bound to a certificate (RFC 8705 <c>cnf</c>) is checked against the connection's certificate under
/// every policy, and a service token sent along with another accepted credential is verified and must name the same
/// service.
/// </summary>
[Flags]
public enum ServiceCredentialPolicy
{
    /// <summary>A service token (<c>X-Service-Token</c>, or a SPIFFE JWT-SVID). The default: adding a credential kind never weakens an endpoint.</summary>
    Token = 1,

    /// <summary>
    /// A client certificate: the TLS connection's (mutual TLS) or one a trusted proxy forwarded (Envoy
    /// <c>X-Forwarded-Client-Cert</c>, RFC 9440 <c>Client-Cert</c>).
    /// </summary>
    Certificate = 2,

    /// <summary>A service token when one is sent, else a client certificate.</summary>
    TokenOrCertificate = Token | Certificate,

    /// <summary>A service token bound to the connection's client certificate (RFC 8705 <c>cnf</c> / <c>x5t#S256</c>); an unbound token is refused.</summary>
    BoundToken = 4,

    /// <summary>An HTTP Message Signature (RFC 9421) by a key configured under <c>ServiceAuth:SignedRequests:Keys</c>.</summary>
    SignedRequest = 8,

    /// <summary>An API key configured under <c>ServiceAuth:ApiKeys:Clients</c>, sent in <c>X-Api-Key</c> (or the configured header).</summary>
    ApiKey = 16,
}
