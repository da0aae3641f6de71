namespace S2SAuth.ForwardedCertificates;

/// <summary>What <see cref="ForwardedCertificateReader.Read"/> made of a request's forwarded certificate header.</summary>
internal enum ForwardedCertificateOutcome
{
    /// <summary>The feature is off (<c>Header</c> is <c>None</c>) or the request carries no such header: use the connection's own certificate, if any.</summary>
    NotForwarded,

    /// <summary>The header came from a source that is not a trusted proxy: it was logged, removed from the request and must be disregarded.</summary>
    Ignored,

    /// <summary>A trusted proxy forwarded a well-formed certificate: it takes precedence over the connection's own.</summary>
    Forwarded,

    /// <summary>A trusted proxy's header is malformed or not attested by a trusted proxy ID: refuse the request with <see cref="ForwardedCertificateResult.Code"/> (401).</summary>
    Malformed,
}
