using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Keys;

/// <summary>One immutable set of the issuer's signing keys, as fetched at <see cref="FetchedAt"/>.</summary>
internal sealed class SigningKeySnapshot
{
    public SigningKeySnapshot(string issuer, IReadOnlyDictionary<string, SecurityKey> keysById, IReadOnlyDictionary<string, string> algorithmById, DateTimeOffset fetchedAt, long version)
    {
        Issuer = issuer;
        KeysById = keysById;
        AlgorithmById = algorithmById;
        FetchedAt = fetchedAt;
        Version = version;
    }

    /// <summary>The issuer these keys belong to (the exact <c>iss</c> to expect).</summary>
    public string Issuer { get; }

    /// <summary>Signing keys by <c>kid</c>.</summary>
    public IReadOnlyDictionary<string, SecurityKey> KeysById { get; }

    /// <summary>The <c>alg</c> a JWK declares, by <c>kid</c>, for keys that declare one.</summary>
    public IReadOnlyDictionary<string, string> AlgorithmById { get; }

    /// <summary>When the keys were fetched.</summary>
    public DateTimeOffset FetchedAt { get; }

    /// <summary>Grows by one each time a fetch succeeds; caches keyed on keys compare it.</summary>
    public long Version { get; }

    /// <summary>Validation parameters built for this key set by the verifier; set once.</summary>
    public TokenValidationParameters? ValidationParameters { get; set; }
}
