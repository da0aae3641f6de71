using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace S2SAuth.CertificateRevocation;

/// <summary>
/// One parsed RFC 5280 certificate revocation list (read by <see cref="RevocationListReader"/>): who issued it, when it
/// was made and when the next one is due, the serial numbers it revokes, and what its signature covers. Immutable but for
/// the memo of which CA certificates its signature was checked against.
/// </summary>
internal sealed class RevocationList
{
    private const int MaxMemoizedIssuers = 32;

    private readonly ConcurrentDictionary<string, bool> _verifiedWith = new(StringComparer.Ordinal);

    public RevocationList(
        byte[] issuer,
        DateTimeOffset thisUpdate,
        DateTimeOffset nextUpdate,
        FrozenSet<string> revokedSerials,
        byte[]? authorityKeyIdentifier,
        BigInteger? number,
        RevocationListSignatureAlgorithm signatureAlgorithm,
        byte[] signature,
        byte[] tbsCertList,
        byte[] encoded)
    {
        Issuer = issuer;
        IssuerName = new X500DistinguishedName(issuer);
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        RevokedSerials = revokedSerials;
        AuthorityKeyIdentifier = authorityKeyIdentifier;
        Number = number;
        SignatureAlgorithm = signatureAlgorithm;
        Signature = signature;
        TbsCertList = tbsCertList;
        Encoded = encoded;
    }

    /// <summary>The DER encoding of the issuer's Name, compared byte for byte with a certificate's issuer.</summary>
    public byte[] Issuer { get; }

    public X500DistinguishedName IssuerName { get; }

    public DateTimeOffset ThisUpdate { get; }

    /// <summary>When the CA promises the next list; required (RFC 5280 5.1.2.5: conforming CAs always set it).</summary>
    public DateTimeOffset NextUpdate { get; }

    /// <summary>The revoked serial numbers, each as the upper-case hex of its DER INTEGER content (as <see cref="X509Certificate2.SerialNumber"/>).</summary>
    public FrozenSet<string> RevokedSerials { get; }

    /// <summary>The key identifier of the Authority Key Identifier extension, when the list has one.</summary>
    public byte[]? AuthorityKeyIdentifier { get; }

    /// <summary>The CRL number extension (RFC 5280 5.2.3), when the list has one.</summary>
    public BigInteger? Number { get; }

    public RevocationListSignatureAlgorithm SignatureAlgorithm { get; }

    public byte[] Signature { get; }

    /// <summary>The raw DER of the TBSCertList: what the signature covers.</summary>
    public byte[] TbsCertList { get; }

    /// <summary>The whole list, DER.</summary>
    public byte[] Encoded { get; }

    /// <summary>Whether the serial number (upper-case hex, as <see cref="X509Certificate2.SerialNumber"/>) is listed.</summary>
    public bool Lists(string serialNumber) => RevokedSerials.Contains(serialNumber);

    /// <summary>
    /// Whether this list may speak for <paramref name="issuer"/>: same name, its key identifier (when both carry one)
    /// matches, the CA may sign lists (key usage cRLSign, when it has a key usage extension), and the signature
    /// verifies with its public key. Memoized per CA certificate (a bounded number of them).
    /// </summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        var key = issuer.GetCertHashString(HashAlgorithmName.SHA256);
        if (_verifiedWith.TryGetValue(key, out var known))
        {
            return known;
        }

        var verified = Verify(issuer);
        if (_verifiedWith.Count < MaxMemoizedIssuers)
        {
            _verifiedWith.TryAdd(key, verified);
        }

        return verified;
    }

    /// <summary>The issuer's common name (else its whole name), for log lines; not escaped.</summary>
    public string IssuerDisplayName()
    {
        try
        {
            foreach (var rdn in IssuerName.EnumerateRelativeDistinguishedNames())
            {
                if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "2.5.4.3" && rdn.GetSingleElementValue() is { } cn)
                {
                    return cn;
                }
            }

            return IssuerName.Name;
        }
        catch (CryptographicException)
        {
            return "(unreadable name)";
        }
    }

    private bool Verify(X509Certificate2 issuer)
    {
        if (!issuer.SubjectName.RawData.AsSpan().SequenceEqual(Issuer))
        {
            return false;
        }

        foreach (var extension in issuer.Extensions)
        {
            if (extension is X509KeyUsageExtension usage && (usage.KeyUsages & X509KeyUsageFlags.CrlSign) == 0)
            {
                return false;
            }

            if (extension is X509SubjectKeyIdentifierExtension ski && AuthorityKeyIdentifier is not null
                && !ski.SubjectKeyIdentifierBytes.Span.SequenceEqual(AuthorityKeyIdentifier))
            {
                return false;
            }
        }

        return RevocationListSignature.Verify(SignatureAlgorithm, TbsCertList, Signature, issuer);
    }
}
