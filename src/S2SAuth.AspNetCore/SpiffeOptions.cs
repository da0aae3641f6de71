namespace S2SAuth;

/// <summary>
/// SPIFFE workload identity (<c>ServiceAuth:Spiffe</c>): which trust domains are accepted and how a SPIFFE ID maps to a
/// service id, for X.509-SVIDs (client certificates), IDs forwarded by a mesh, and JWT-SVIDs alike.
/// </summary>
public sealed class SpiffeOptions
{
    /// <summary>The trust domains whose workloads may call, e.g. <c>prod.example.org</c>; an ID of any other is refused.</summary>
    public IList<string> TrustDomains { get; set; } = [];

    /// <summary>Exact SPIFFE IDs mapped to service ids, e.g. <c>spiffe://prod.example.org/ns/shop/sa/orders</c> → <c>orders-service</c>. Checked first.</summary>
    public IDictionary<string, string> ServiceIds { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// A path template with one <c>{service}</c> segment, e.g. <c>/ns/*/sa/{service}</c> (Istio's layout): the segment in
    /// its place is the service id; <c>*</c> matches any one segment, other segments must be equal. Used when
    /// <see cref="ServiceIds"/> has no entry. With neither, the service id is the SPIFFE ID itself.
    /// </summary>
    public string? PathTemplate { get; set; }

    /// <summary>
    /// JWT-SVID bundles by trust domain: a file path or an HTTPS URL serving the trust domain's SPIFFE bundle or JWKS
    /// (keys with <c>use</c> <c>jwt-svid</c>, or without <c>use</c>). A JWT-SVID is verified only with the bundle of
    /// the trust domain in its <c>sub</c>. Empty: JWT-SVIDs are not accepted.
    /// </summary>
    public IDictionary<string, string> JwtBundles { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How often the JWT-SVID bundles are fetched again (and files re-read). Default 5 minutes.</summary>
    public TimeSpan JwtBundleRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
