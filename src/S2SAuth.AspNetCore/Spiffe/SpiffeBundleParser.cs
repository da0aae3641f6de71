using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Keys;

namespace S2SAuth.Spiffe;

/// <summary>
/// Reads the JWT-SVID keys of a SPIFFE bundle (SPIFFE Trust Domain and Bundle §4) or of a plain JWKS (e.g. SPIRE's OIDC
/// discovery provider's <c>/keys</c>). A document is a SPIFFE bundle when it has <c>spiffe_sequence</c> or
/// <c>spiffe_refresh_hint</c>, or a key whose <c>use</c> is <c>jwt-svid</c> or <c>x509-svid</c>: then only
/// <c>use: "jwt-svid"</c> keys count (JWT-SVID §6.2; <c>x509-svid</c> and unknown uses are ignored); else keys with
/// <c>use: "sig"</c> or no <c>use</c> count. Keys without <c>kid</c> (JWT-SVID §6.1: it MUST be set), with a <c>kid</c> used
/// twice, RSA keys under 2048 bits and keys IdentityModel cannot use are ignored. The JWK parsing and key conversion are
/// IdentityModel's (<see cref="JsonWebKeySet.GetSigningKeys"/>).
/// </summary>
internal static class SpiffeBundleParser
{
    /// <summary>Largest bundle read, in bytes (the HTTP client has the same limit).</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>Most JWK entries a bundle may hold; a larger one is refused whole (the last good keys stay).</summary>
    public const int MaxKeys = 100;

    private const int MinimumRsaKeySize = 2048;
    private const string JwtSvidUse = "jwt-svid";
    private const string X509SvidUse = "x509-svid";

    /// <summary>The bundle's usable keys; throws <see cref="KeyFetchRefusedException"/> or <see cref="JsonException"/> for a document that is not a JWK Set.</summary>
    public static ParsedBundle Parse(string trustDomain, string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new KeyFetchRefusedException("invalid_document");
        }

        if (keys.GetArrayLength() > MaxKeys)
        {
            throw new KeyFetchRefusedException("too_many_keys");
        }

        var sequence = root.TryGetProperty("spiffe_sequence", out var seq) && seq.ValueKind == JsonValueKind.Number && seq.TryGetInt64(out var s) ? s : (long?)null;
        var hint = root.TryGetProperty("spiffe_refresh_hint", out var h) && h.ValueKind == JsonValueKind.Number && h.TryGetInt64(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(365).TotalSeconds))
            : (TimeSpan?)null;
        var spiffe = root.TryGetProperty("spiffe_sequence", out _) || root.TryGetProperty("spiffe_refresh_hint", out _)
            || keys.EnumerateArray().Any(k => Use(k) is JwtSvidUse or X509SvidUse);

        var selected = new List<JsonWebKey>();
        var kids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var element in keys.EnumerateArray())
        {
            var use = Use(element);
            if (element.ValueKind != JsonValueKind.Object || !(spiffe ? use == JwtSvidUse : use is null or "sig")
                || !element.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String || kid.GetString() is not { Length: > 0 } id)
            {
                continue;
            }

            kids[id] = kids.GetValueOrDefault(id) + 1;
            var jwk = new JsonWebKey(element.GetRawText());

            // GetSigningKeys converts only keys meant for signatures ("sig" or none): a jwt-svid key is one.
            jwk.Use = JsonWebKeyUseNames.Sig;
            selected.Add(jwk);
        }

        var set = new JsonWebKeySet();
        foreach (var jwk in selected.Where(k => kids[k.Kid] == 1))
        {
            set.Keys.Add(jwk);
        }

        var keysById = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
        foreach (var key in set.GetSigningKeys())
        {
            if (!string.IsNullOrEmpty(key.KeyId) && !IsTooWeak(key))
            {
                keysById[key.KeyId] = key;
            }
        }

        var algorithms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var jwk in set.Keys)
        {
            if (keysById.ContainsKey(jwk.Kid) && !string.IsNullOrEmpty(jwk.Alg))
            {
                algorithms[jwk.Kid] = jwk.Alg;
            }
        }

        var fingerprint = SigningKeySnapshot.Fingerprint(trustDomain, keysById, algorithms, set);
        return new ParsedBundle(keysById.ToFrozenDictionary(StringComparer.Ordinal), algorithms.ToFrozenDictionary(StringComparer.Ordinal),
            fingerprint, keys.GetArrayLength() - keysById.Count, sequence, hint);
    }

    private static string? Use(JsonElement key) =>
        key.ValueKind == JsonValueKind.Object && key.TryGetProperty("use", out var use) && use.ValueKind == JsonValueKind.String ? use.GetString() : null;

    /// <summary>RFC 7518 §3.3 and §3.5: RSA keys must be at least 2048 bits (the rule of the issuer's keys).</summary>
    private static bool IsTooWeak(SecurityKey key) => key switch
    {
        JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.RSA } jwk => jwk.KeySize < MinimumRsaKeySize,
        RsaSecurityKey rsa => rsa.KeySize < MinimumRsaKeySize,
        X509SecurityKey x509 => x509.PublicKey is RSA && x509.KeySize < MinimumRsaKeySize,
        _ => false,
    };
}

/// <summary>What a bundle document gave: its usable keys, how many entries were ignored, its sequence and refresh hint.</summary>
internal sealed record ParsedBundle(IReadOnlyDictionary<string, SecurityKey> KeysById, IReadOnlyDictionary<string, string> AlgorithmById,
    string Fingerprint, int IgnoredKeys, long? Sequence, TimeSpan? RefreshHint);
