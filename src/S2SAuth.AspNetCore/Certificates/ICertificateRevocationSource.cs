using System.Security.Cryptography.X509Certificates;

namespace S2SAuth.Certificates;

/// <summary>
/// The revocation lists (RFC 5280 CRLs) a client certificate's chain is checked against, loaded in the background:
/// a check is an in-memory lookup, never a fetch. Registered only when <c>ServiceAuth:Certificates:RevocationLists</c>
/// names some.
/// </summary>
internal interface ICertificateRevocationSource
{
    /// <summary>Changes whenever the loaded lists change: a validation cached under another version is made again.</summary>
    long Version { get; }

    /// <summary>
    /// Checks a built chain, leaf first and root last (the root itself is not checked). <see langword="null"/>: no
    /// certificate of it is revoked, as far as the loaded lists say; else the refusal: <c>certificate_revoked</c>, or
    /// <c>certificate_revocation_unavailable</c> when a configured list that may cover it is not loaded or too stale.
    /// </summary>
    CertificateRefusal? Check(IReadOnlyList<X509Certificate2> chain, DateTimeOffset now);
}

/// <summary>Why a certificate is refused: a stable error code and a safe detail (no certificate content).</summary>
internal sealed record CertificateRefusal(string Code, string Detail);
