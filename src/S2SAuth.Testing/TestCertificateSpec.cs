using System.Net;

namespace S2SAuth.Testing;

/// <summary>What a <see cref="TestCertificateAuthority"/> puts into one certificate; the defaults make a valid client certificate.</summary>
public sealed class TestCertificateSpec
{
    /// <summary>URI SANs, e.g. a SPIFFE ID <c>spiffe://example.org/ns/shop/sa/orders</c> (written as given, even malformed).</summary>
    public IList<string> Uris { get; } = [];

    /// <summary>DNS SANs.</summary>
    public IList<string> DnsNames { get; } = [];

    /// <summary>IP address SANs.</summary>
    public IList<IPAddress> IpAddresses { get; } = [];

    /// <summary>Start of validity; default an hour ago.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>End of validity; default 30 days from now.</summary>
    public DateTimeOffset? NotAfter { get; set; }

    /// <summary>Whether the extended key usage names TLS client authentication; default <see langword="true"/>.</summary>
    public bool ClientAuthentication { get; set; } = true;

    /// <summary>Whether the extended key usage names TLS server authentication; default <see langword="false"/>.</summary>
    public bool ServerAuthentication { get; set; }

    /// <summary>Whether the certificate is itself a CA (basic constraints <c>cA</c>); an X.509-SVID leaf must not be.</summary>
    public bool IsCertificateAuthority { get; set; }
}
