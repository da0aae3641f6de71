using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace S2SAuth.Certificates;

/// <summary>
/// Validates a certificate once per instance, that is once per TLS connection (Kestrel keeps one
/// <see cref="X509Certificate2"/> per connection for all its requests), not once per request. An entry lives exactly as
/// long as its certificate object (a <see cref="ConditionalWeakTable{TKey, TValue}"/>: nothing to bound or evict), and is
/// decided again when the trust bundle or the revocation lists change, or when its chain's earliest <c>notAfter</c>
/// passes, so a long-lived connection is cut off when its CA is removed or its certificate revoked.
/// </summary>
internal sealed class CertificateIdentityCache
{
    private readonly ConditionalWeakTable<X509Certificate2, Entry> _entries = new();
    private readonly CertificateValidator _validator;
    private long _validations;

    public CertificateIdentityCache(CertificateValidator validator) => _validator = validator;

    /// <summary>How many validations were made (not served from the cache): for tests and diagnostics.</summary>
    public long Validations => Interlocked.Read(ref _validations);

    /// <summary>The presented form of a connection's certificate, with its SHA-256 thumbprint computed once.</summary>
    public PresentedCertificate ForConnection(X509Certificate2 certificate) => EntryOf(certificate, ServiceCredentialKind.Certificate).Presented;

    /// <summary>The cached check of <paramref name="presented"/>, or a new one when none holds any more.</summary>
    public CertificateCheck Check(PresentedCertificate presented, DateTimeOffset now)
    {
        if (presented.Certificate is not { } certificate)
        {
            return _validator.Validate(presented, now); // names a proxy attests: a map lookup, nothing worth caching
        }

        var entry = EntryOf(certificate, presented.Kind, presented);
        var (bundle, revocation) = _validator.Versions;
        var check = Volatile.Read(ref entry.Check);
        if (check is null || check.BundleVersion != bundle || check.RevocationVersion != revocation || now >= check.ValidUntil)
        {
            check = _validator.Validate(presented, now);
            Interlocked.Increment(ref _validations);
            Volatile.Write(ref entry.Check, check);
        }

        return check;
    }

    /// <summary>The entry of a certificate; the lookup of a known one allocates nothing (no closure is made on a hit).</summary>
    private Entry EntryOf(X509Certificate2 certificate, ServiceCredentialKind kind, PresentedCertificate? presented = null) =>
        _entries.TryGetValue(certificate, out var entry) ? entry : Add(certificate, kind, presented);

    /// <summary>A separate method, so that the closure of its factory is made only here, on a miss.</summary>
    private Entry Add(X509Certificate2 certificate, ServiceCredentialKind kind, PresentedCertificate? presented) =>
        _entries.GetValue(certificate, c => new Entry(presented ?? new PresentedCertificate(kind, c, SHA256.HashData(c.RawData))));

    private sealed class Entry(PresentedCertificate presented)
    {
        public readonly PresentedCertificate Presented = presented;
        public CertificateCheck? Check;
    }
}
