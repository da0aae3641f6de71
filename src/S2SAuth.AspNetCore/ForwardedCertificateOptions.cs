namespace S2SAuth;

/// <summary>
/// Mesh-attested callers (<c>ServiceAuth:Certificates:Forwarded</c>): behind a sidecar or gateway that terminates mutual
/// TLS, the caller's certificate is taken from a header, but only on a request from a trusted proxy. From anyone else
/// the header is ignored and the attempt logged.
/// </summary>
public sealed class ForwardedCertificateOptions
{
    /// <summary>The header to read; <see cref="ForwardedCertificateHeader.None"/> (the default) reads none.</summary>
    public ForwardedCertificateHeader Header { get; set; } = ForwardedCertificateHeader.None;

    /// <summary>
    /// The proxies' addresses or networks in CIDR notation (<c>127.0.0.6</c>, <c>10.0.0.0/8</c>, <c>::1</c>): a request whose
    /// connection comes from one of them is from a trusted proxy.
    /// </summary>
    public IList<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// The proxies' own SPIFFE IDs. A request is also from a trusted proxy when the connection's client certificate is
    /// valid and names one of them; and when set, an Envoy element is taken only if its <c>By</c> field names one of them.
    /// </summary>
    public IList<string> TrustedProxyIds { get; set; } = [];
}
