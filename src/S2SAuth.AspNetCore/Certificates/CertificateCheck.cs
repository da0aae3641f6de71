namespace S2SAuth.Certificates;

/// <summary>
/// The outcome of validating one presented certificate: the service it proves, or the refusal. Cached per certificate
/// instance (that is, per TLS connection) with the versions of what it was decided under, and the instant it stops
/// holding (the earliest <c>notAfter</c> of its chain).
/// </summary>
internal sealed record CertificateCheck(ServiceIdentity? Identity, CertificateRefusal? Refusal, long BundleVersion, long RevocationVersion, DateTimeOffset ValidUntil)
{
    /// <summary>
    /// The SPIFFE ID of a certificate whose chain, validity, usage and revocation checks all passed (whether or not it
    /// maps to a service): how a trusted proxy is recognised by its own ID.
    /// </summary>
    public string? SpiffeId { get; init; }

    public static CertificateCheck Refuse(string code, string detail, long bundleVersion, long revocationVersion) =>
        new(null, new CertificateRefusal(code, detail), bundleVersion, revocationVersion, DateTimeOffset.MaxValue);
}
