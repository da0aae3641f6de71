using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Spiffe;

/// <summary>
/// One trust domain's JWT-SVID keys, as last loaded: immutable. A reload that finds the same keys keeps the same key
/// table (<see cref="Reloaded"/>), so what is built on it (validation parameters) survives.
/// </summary>
internal sealed class SpiffeJwtBundle
{
    public SpiffeJwtBundle(string trustDomain, IReadOnlyDictionary<string, SecurityKey> keysById, IReadOnlyDictionary<string, string> algorithmById,
        string fingerprint, DateTimeOffset loadedAt, long? sequence, TimeSpan? refreshHint)
    {
        TrustDomain = trustDomain;
        KeysById = keysById;
        AlgorithmById = algorithmById;
        Fingerprint = fingerprint;
        LoadedAt = loadedAt;
        Sequence = sequence;
        RefreshHint = refreshHint;
    }

    public string TrustDomain { get; }

    /// <summary>The <c>jwt-svid</c> keys by <c>kid</c> (possibly none: the trust domain then issues no JWT-SVIDs).</summary>
    public IReadOnlyDictionary<string, SecurityKey> KeysById { get; }

    /// <summary>The <c>alg</c> a JWK declares, by <c>kid</c>, for keys that declare one.</summary>
    public IReadOnlyDictionary<string, string> AlgorithmById { get; }

    /// <summary>Identifies the key set (kid, alg, RFC 7638 thumbprint of each key).</summary>
    public string Fingerprint { get; }

    /// <summary>When the bundle was last read successfully (or its unchanged file last checked); staleness counts from it.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The bundle's <c>spiffe_sequence</c>, when it has one.</summary>
    public long? Sequence { get; }

    /// <summary>The bundle's <c>spiffe_refresh_hint</c>, when it has one.</summary>
    public TimeSpan? RefreshHint { get; }

    /// <summary>The same keys, read again at <paramref name="loadedAt"/>.</summary>
    public SpiffeJwtBundle Reloaded(DateTimeOffset loadedAt, long? sequence, TimeSpan? refreshHint) =>
        new(TrustDomain, KeysById, AlgorithmById, Fingerprint, loadedAt, sequence, refreshHint);
}
