using Microsoft.AspNetCore.Http;

namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// The SPIFFE ID of the TLS connection's own client certificate, once that certificate is validated against the trust
/// bundle: how a proxy is recognised by its ID (<c>ServiceAuth:Certificates:Forwarded:TrustedProxyIds</c>) rather than
/// its address. Without an implementation in the container, only addresses are trusted.
/// </summary>
internal interface IConnectionIdentity
{
    /// <summary>The connection certificate's SPIFFE ID if it has one and it is valid; otherwise null.</summary>
    string? ValidatedSpiffeId(HttpContext http);
}
