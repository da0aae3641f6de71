using Microsoft.AspNetCore.Http;
using S2SAuth.Certificates;

namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// A proxy recognised by its own SPIFFE ID (<c>Forwarded:TrustedProxyIds</c>): the SPIFFE ID of the connection's client
/// certificate, validated like any client certificate (trust bundle, validity, usage, revocation) and cached with it.
/// </summary>
internal sealed class ConnectionCertificateIdentity(CertificateIdentityCache certificates, TimeProvider time) : IConnectionIdentity
{
    public string? ValidatedSpiffeId(HttpContext http) =>
        http.Connection.ClientCertificate is { } certificate ? certificates.Check(certificates.ForConnection(certificate), time.GetUtcNow()).SpiffeId : null;
}
