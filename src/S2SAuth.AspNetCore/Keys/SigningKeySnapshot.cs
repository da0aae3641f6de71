using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Keys;

/// <summary>One immutable set of the issuer's signing keys, as fetched at <see cref="FetchedAt"/>.</summary>
internal sealed class SigningKeySnapshot
{
    public SigningKeySnapshot(string issuer, IReadOnlyDictionary<string, SecurityKey> keysById, IReadOnlyDictionary<string, string> algorithmById, DateTimeOffset fetchedAt, long version, string keySetFingerprint = "")
    {
        Issuer = issuer;
        KeysById = keysById;
        AlgorithmById = algorithmById;
        FetchedAt = fetchedAt;
        Version = version;
        KeySetFingerprint = keySetFingerprint;
    }

    /// <summary>The issuer these keys belong to (the exact <c>iss</c> to expect).</summary>
    public string Issuer { get; }

    /// <summary>Signing keys by <c>kid</c>.</summary>
    public IReadOnlyDictionary<string, SecurityKey> KeysById { get; }

    /// <summary>The <c>alg</c> a JWK declares, by <c>kid</c>, for keys that declare one.</summary>
    public IReadOnlyDictionary<string, string> AlgorithmById { get; }

    /// <summary>When the keys were last fetched successfully (a refetch of the same set moves it); <c>KeyMaxStaleness</c> counts from it.</summary>
    public DateTimeOffset FetchedAt { get; }

    /// <summary>Grows by one each time a fetch brings a different key set; caches keyed on keys compare it.</summary>
    public long Version { get; }

    /// <summary>What identifies the key set: issuer, and each key's <c>kid</c>, <c>alg</c> and RFC 7638 thumbprint.</summary>
    public string KeySetFingerprint { get; }

    /// <summary>The same keys (the same key table), fetched again at <paramref name="fetchedAt"/>: same version.</summary>
    public SigningKeySnapshot Refetched(DateTimeOffset fetchedAt) =>
        new(Issuer, KeysById, AlgorithmById, fetchedAt, Version, KeySetFingerprint);

    /// <summary>
    /// The fingerprint of a key set: the issuer, then for each kept key (ordered by <c>kid</c>) its <c>kid</c>, declared
    /// <c>alg</c> and key material (the RFC 7638 thumbprint of its JWK; the certificate or modulus when none can be computed).
    /// </summary>
    public static string Fingerprint(string issuer, IReadOnlyDictionary<string, SecurityKey> keysById, IReadOnlyDictionary<string, string> algorithmById, JsonWebKeySet jwks)
    {
        var text = new StringBuilder(issuer);
        foreach (var kid in keysById.Keys.Order(StringComparer.Ordinal))
        {
            text.Append('\n').Append(kid).Append(' ').Append(algorithmById.GetValueOrDefault(kid)).Append(' ').Append(Material(keysById[kid], jwks, kid));
        }

        return text.ToString();
    }

    private static string Material(SecurityKey key, JsonWebKeySet jwks, string kid)
    {
        var jwk = key as JsonWebKey ?? jwks.Keys.LastOrDefault(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));
        if (jwk is null)
        {
            // Unknown material: never equal to another fetch's, so the version changes (the safe side).
            return "instance:" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return jwk.CanComputeJwkThumbprint()
            ? Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint())
            : string.Join(',', jwk.Kty, jwk.N, jwk.E, jwk.Crv, jwk.X, jwk.Y, string.Join(',', jwk.X5c));
    }
}
