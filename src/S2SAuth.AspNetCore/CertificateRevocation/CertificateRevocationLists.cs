using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using S2SAuth.Certificates;

namespace S2SAuth.CertificateRevocation;

/// <summary>
/// The revocation lists loaded from <c>ServiceAuth:Certificates:RevocationLists</c> (one current list per configured
/// source, kept up to date by <see cref="RevocationListRefresher"/>), and the in-memory check of a chain against them.
/// <para>
/// Rules of <see cref="Check"/>, for each certificate of the chain but the last (the root), with the next one as its
/// issuer: the lists that apply are the loaded ones whose issuer name equals the certificate's issuer name (DER bytes)
/// and whose signature verifies with the issuer certificate's key (checked once per list and CA certificate). If one
/// lists the certificate's serial number: <c>certificate_revoked</c>. Otherwise the answer is
/// <c>certificate_revocation_unavailable</c> (fail closed) when a configured source has never been loaded (nobody knows
/// which CA it covers), when an applying list is past its <c>nextUpdate</c> by more than
/// <c>RevocationListMaxStaleness</c>, or when lists name the issuer but none is signed by it (a forged, corrupted or
/// foreign list). When every source is loaded and no list names the issuer, that certificate is not checked. A
/// revocation wins over unavailability: a stale list still revokes what it lists.
/// </para>
/// </summary>
internal sealed class CertificateRevocationLists : ICertificateRevocationSource
{
    private static readonly CertificateRefusal NotLoaded = new(AuthErrorCodes.CertificateRevocationUnavailable,
        "A configured certificate revocation list has not been loaded yet; retry later.");

    private static readonly CertificateRefusal Stale = new(AuthErrorCodes.CertificateRevocationUnavailable,
        "The revocation list of the certificate's CA is out of date (past its nextUpdate beyond the allowed staleness); retry later.");

    private static readonly CertificateRefusal NotSigned = new(AuthErrorCodes.CertificateRevocationUnavailable,
        "No revocation list naming the certificate's CA is signed by that CA; its revocation status is unknown.");

    private static readonly CertificateRefusal LeafRevoked = new(AuthErrorCodes.CertificateRevoked,
        "The client certificate is on its CA's revocation list.");

    private static readonly CertificateRefusal CaRevoked = new(AuthErrorCodes.CertificateRevoked,
        "A CA certificate of the client certificate's chain is on its issuer's revocation list.");

    private readonly Lock _gate = new();
    private readonly TimeSpan _maxStaleness;
    private Snapshot _snapshot;
    private long _version;

    public CertificateRevocationLists(IOptions<ServiceAuthOptions> options)
    {
        var certificates = options.Value.Certificates;
        SourceCount = certificates.RevocationLists?.Count ?? 0;
        _maxStaleness = certificates.RevocationListMaxStaleness;
        _snapshot = new Snapshot(new RevocationList?[SourceCount], new bool[SourceCount]);
    }

    /// <summary>How many sources are configured; 0: nothing is checked.</summary>
    public int SourceCount { get; }

    public long Version => Interlocked.Read(ref _version);

    /// <summary>The list currently in force for source <paramref name="source"/>, if one was ever loaded.</summary>
    public RevocationList? Current(int source) => _snapshot.Lists[source];

    /// <summary>
    /// Offers a freshly read list for source <paramref name="source"/>: it replaces the current one unless it is the same
    /// list or an older one of the same CA (lower CRL number; without numbers, earlier <c>thisUpdate</c>).
    /// </summary>
    public RevocationListOffer Offer(int source, RevocationList list)
    {
        lock (_gate)
        {
            var current = _snapshot.Lists[source];
            if (current is not null)
            {
                if (current.Encoded.AsSpan().SequenceEqual(list.Encoded))
                {
                    return RevocationListOffer.Unchanged;
                }

                if (IsOlder(list, current))
                {
                    return RevocationListOffer.Older;
                }
            }

            var lists = (RevocationList?[])_snapshot.Lists.Clone();
            lists[source] = list;
            var expired = (bool[])_snapshot.Expired.Clone();
            expired[source] = false;
            _snapshot = new Snapshot(lists, expired);
            Interlocked.Increment(ref _version);
            return RevocationListOffer.Loaded;
        }
    }

    /// <summary>
    /// Notes which lists are now past <c>nextUpdate + RevocationListMaxStaleness</c> and changes <see cref="Version"/>
    /// when that changed, so validations cached before are made again. Returns whether it changed.
    /// </summary>
    public bool UpdateStaleness(DateTimeOffset now)
    {
        lock (_gate)
        {
            var expired = _snapshot.Lists.Select(l => l is not null && IsExpired(l, now)).ToArray();
            if (expired.AsSpan().SequenceEqual(_snapshot.Expired))
            {
                return false;
            }

            _snapshot = new Snapshot(_snapshot.Lists, expired);
            Interlocked.Increment(ref _version);
            return true;
        }
    }

    /// <summary>Whether <paramref name="list"/> is past its <c>nextUpdate</c> by more than the allowed staleness at <paramref name="now"/>.</summary>
    public bool IsExpired(RevocationList list, DateTimeOffset now) => now - list.NextUpdate > _maxStaleness;

    public CertificateRefusal? Check(IReadOnlyList<X509Certificate2> chain, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (SourceCount == 0 || chain.Count < 2)
        {
            return null;
        }

        var snapshot = _snapshot;
        var unavailable = snapshot.AllLoaded ? null : NotLoaded;
        for (var i = 0; i < chain.Count - 1; i++)
        {
            var certificate = chain[i];
            if (!snapshot.ByIssuer.TryGetValue(Convert.ToBase64String(certificate.IssuerName.RawData), out var candidates))
            {
                continue;
            }

            var signed = false;
            var serial = certificate.SerialNumber;
            foreach (var list in candidates)
            {
                if (!list.IsSignedBy(chain[i + 1]))
                {
                    continue;
                }

                signed = true;
                if (list.Lists(serial))
                {
                    return i == 0 ? LeafRevoked : CaRevoked;
                }

                if (IsExpired(list, now))
                {
                    unavailable ??= Stale;
                }
            }

            if (!signed)
            {
                unavailable ??= NotSigned;
            }
        }

        return unavailable;
    }

    private static bool IsOlder(RevocationList candidate, RevocationList current)
    {
        if (!candidate.Issuer.AsSpan().SequenceEqual(current.Issuer))
        {
            return false; // the source now serves another CA's list: nothing to compare
        }

        return candidate.Number is { } number && current.Number is { } currentNumber && number != currentNumber
            ? number < currentNumber
            : candidate.ThisUpdate < current.ThisUpdate;
    }

    /// <summary>An immutable view swapped as a whole, so <see cref="Check"/> reads without locking.</summary>
    private sealed class Snapshot
    {
        public Snapshot(RevocationList?[] lists, bool[] expired)
        {
            Lists = lists;
            Expired = expired;
            AllLoaded = Array.TrueForAll(lists, l => l is not null);
            ByIssuer = lists.OfType<RevocationList>()
                .GroupBy(l => Convert.ToBase64String(l.Issuer), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        }

        public RevocationList?[] Lists { get; }

        public bool[] Expired { get; }

        public bool AllLoaded { get; }

        public Dictionary<string, RevocationList[]> ByIssuer { get; }
    }
}

/// <summary>What became of a list offered to <see cref="CertificateRevocationLists.Offer"/>.</summary>
internal enum RevocationListOffer
{
    /// <summary>It is now in force.</summary>
    Loaded,

    /// <summary>The same list was already in force.</summary>
    Unchanged,

    /// <summary>It is older than the one in force, which stays.</summary>
    Older,
}
