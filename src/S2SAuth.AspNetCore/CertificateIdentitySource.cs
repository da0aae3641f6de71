namespace S2SAuth;

/// <summary>Which name in a client certificate gives the calling service's id (<c>ServiceAuth:Certificates:IdentitySource</c>).</summary>
public enum CertificateIdentitySource
{
    /// <summary>
    /// The SPIFFE ID: the certificate's only URI SAN, <c>spiffe://trust-domain/path</c>, in an allowed trust domain
    /// (<c>ServiceAuth:Spiffe</c>); the X.509-SVID rules hold (exactly one URI SAN, a leaf that is not a CA). The default.
    /// </summary>
    SpiffeId,

    /// <summary>A DNS SAN named in <c>ServiceAuth:Certificates:DnsNames</c> (exact, case-insensitive).</summary>
    DnsName,
}
