namespace S2SAuth;

/// <summary>
/// Signed requests (HTTP Message Signatures, RFC 9421, with RFC 9530 <c>Content-Digest</c>) as a service credential,
/// bound from <c>ServiceAuth:SignedRequests</c>: the peers' keys by <c>keyid</c>, each mapped to a service id and
/// scopes, and what a signature must cover. Inert while <see cref="Keys"/> is empty. An endpoint accepts signed
/// requests only when its <see cref="ServiceCredentialPolicy"/> includes <see cref="ServiceCredentialPolicy.SignedRequest"/>.
/// </summary>
public sealed class SignedRequestOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = ServiceAuthOptions.SectionName + ":SignedRequests";

    /// <summary>The peers' keys by <c>keyid</c> (the name under <c>Keys</c>, compared exactly).</summary>
    public IDictionary<string, SignedRequestKeyOptions> Keys { get; set; } = new Dictionary<string, SignedRequestKeyOptions>(StringComparer.Ordinal);

    /// <summary>A signature whose <c>created</c> is older than this is refused (<c>request_signature_expired</c>). Default 5 minutes.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far <c>created</c> may lie in the future (and <c>expires</c> in the past) for clocks that differ. Default 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a signature must carry a <c>nonce</c>, checked once in the replay store. Default <see langword="true"/>.</summary>
    public bool RequireNonce { get; set; } = true;

    /// <summary>Whether a signature must carry <c>expires</c> (one that carries it is always held to it). Default <see langword="false"/>: <see cref="MaxAge"/> bounds every signature.</summary>
    public bool RequireExpires { get; set; }

    /// <summary>
    /// Whether a request with a body must cover <c>content-digest</c> and carry a <c>Content-Digest</c> that matches the
    /// body (RFC 9530). Default <see langword="true"/>; turn off only for a peer that cannot send one. A covered
    /// <c>content-digest</c> is always checked against the body.
    /// </summary>
    public bool RequireContentDigest { get; set; } = true;

    /// <summary>
    /// The components every signature must cover. Default (when none are configured): <c>@method</c>, <c>@authority</c>,
    /// <c>@path</c>, <c>@query</c>; <c>content-digest</c> is required as well when the request has a body (<see cref="RequireContentDigest"/>).
    /// </summary>
    public IList<string> RequiredComponents { get; set; } = [];

    /// <summary>Only the signature with this label is considered; default: any label (at most 4 signatures are tried).</summary>
    public string? Label { get; set; }

    /// <summary>The largest body read to check its <c>Content-Digest</c>; larger is refused with 413 <c>content_digest_too_large</c>. Default 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
