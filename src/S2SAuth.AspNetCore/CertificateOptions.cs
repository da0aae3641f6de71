namespace S2SAuth;

/// <summary>
/// Client certificates as a service credential (<c>ServiceAuth:Certificates</c>): the trust bundle of internal CAs, how
/// a certificate names its service, revocation lists, and mesh-forwarded certificates. See docs/certificates.md.
/// </summary>
public sealed class CertificateOptions
{
    /// <summary>
    /// A PEM file of the internal CA certificates (roots, and intermediates) a client certificate must chain to; never
    /// the machine's store. Re-read when it changes (every <see cref="ReloadInterval"/>), so a CA can be rotated without
    /// a restart. Without it no client certificate is trusted (bound tokens need none: their binding is their proof).
    /// </summary>
    public string? TrustBundlePath { get; set; }

    /// <summary>Which certificate name gives the service id: the SPIFFE ID (default) or a mapped DNS SAN.</summary>
    public CertificateIdentitySource IdentitySource { get; set; } = CertificateIdentitySource.SpiffeId;

    /// <summary>DNS SANs mapped to service ids, e.g. <c>orders.internal.example</c> → <c>orders-service</c>, with <see cref="CertificateIdentitySource.DnsName"/>.</summary>
    public IDictionary<string, string> DnsNames { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often the trust bundle file (and revocation list files) are checked for changes. Default 10 seconds.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Certificate revocation lists (RFC 5280) to honour: HTTP(S) URLs or file paths, DER or PEM. Fetched and refreshed
    /// in the background, never on a request or handshake path.
    /// </summary>
    public IList<string> RevocationLists { get; set; } = [];

    /// <summary>How often the revocation lists are fetched again. Default 1 hour (sooner after a failed fetch).</summary>
    public TimeSpan RevocationListRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long past its <c>nextUpdate</c> a revocation list is still applied when no newer one can be fetched; after
    /// that, certificates of its CA are refused (503) until one is. Default 24 hours.
    /// </summary>
    public TimeSpan RevocationListMaxStaleness { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Certificates forwarded by a trusted proxy or sidecar (Envoy, Istio, RFC 9440).</summary>
    public ForwardedCertificateOptions Forwarded { get; set; } = new();
}
