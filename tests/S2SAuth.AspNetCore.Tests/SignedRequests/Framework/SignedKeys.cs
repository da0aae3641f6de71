using System.Security.Cryptography;
using S2SAuth.Client.Signatures;

namespace S2SAuth.AspNetCore.Tests.SignedRequests.Framework;

/// <summary>
/// The peers' keys: an Ed25519 key (RFC 9421 B.1.4 test-key-ed25519), a P-256 key and an HMAC secret made per test
/// run, each mapped to a service; and their configuration rows. The private halves sign in tests, only public halves
/// (and the shared secret) are configured.
/// </summary>
internal static class SignedKeys
{
    public const string Ed25519Id = "orders-ed25519";
    public const string EcdsaId = "orders-p256";
    public const string HmacId = "billing-hmac";
    public const string NoScopeId = "audit-ed25519";

    // RFC 9421 B.1.4 test-key-ed25519: JWK "d" and "x".
    public const string Ed25519PrivateKey = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU";
    public const string Ed25519PublicKey = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs";

    // The same public key as a PEM SubjectPublicKeyInfo (RFC 8410 prefix + the 32 bytes).
    public const string Ed25519PublicPem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n";

    // RFC 9421 B.1.5 test-shared-secret.
    public const string RfcSharedSecret = "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==";

    private static readonly ECDsa Ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static readonly string HmacSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string EcdsaPublicPem => Ecdsa.ExportSubjectPublicKeyInfoPem();

    public static Dictionary<string, string?> Settings => new()
    {
        [$"ServiceAuth:SignedRequests:Keys:{Ed25519Id}:Algorithm"] = "ed25519",
        [$"ServiceAuth:SignedRequests:Keys:{Ed25519Id}:PublicKey"] = Ed25519PublicKey,
        [$"ServiceAuth:SignedRequests:Keys:{Ed25519Id}:ServiceId"] = "orders-service",
        [$"ServiceAuth:SignedRequests:Keys:{Ed25519Id}:Scopes:0"] = SignedApi.Activity,
        [$"ServiceAuth:SignedRequests:Keys:{Ed25519Id}:Scopes:1"] = "price.write",
        [$"ServiceAuth:SignedRequests:Keys:{EcdsaId}:Algorithm"] = "ecdsa-p256-sha256",
        [$"ServiceAuth:SignedRequests:Keys:{EcdsaId}:PublicKey"] = EcdsaPublicPem,
        [$"ServiceAuth:SignedRequests:Keys:{EcdsaId}:ServiceId"] = "orders-service",
        [$"ServiceAuth:SignedRequests:Keys:{EcdsaId}:Scopes:0"] = SignedApi.Activity,
        [$"ServiceAuth:SignedRequests:Keys:{HmacId}:Algorithm"] = "hmac-sha256",
        [$"ServiceAuth:SignedRequests:Keys:{HmacId}:Secret"] = HmacSecret,
        [$"ServiceAuth:SignedRequests:Keys:{HmacId}:ServiceId"] = "billing-service",
        [$"ServiceAuth:SignedRequests:Keys:{HmacId}:Scopes:0"] = SignedApi.Activity,
        [$"ServiceAuth:SignedRequests:Keys:{HmacId}:Tenant"] = "tenant_42",
        [$"ServiceAuth:SignedRequests:Keys:{NoScopeId}:Algorithm"] = "ed25519",
        [$"ServiceAuth:SignedRequests:Keys:{NoScopeId}:PublicKey"] = Ed25519PublicPem,
        [$"ServiceAuth:SignedRequests:Keys:{NoScopeId}:ServiceId"] = "audit-service",
    };

    /// <summary>The signing key for a configured key id (the same material the API verifies with).</summary>
    public static SignatureKey Signing(string keyId) => keyId switch
    {
        EcdsaId => new EcdsaP256SignatureKey(keyId, EcdsaCopy(), hasPrivateKey: true),
        HmacId => new HmacSha256SignatureKey(keyId, Convert.FromBase64String(HmacSecret)),
        _ => Ed25519SignatureKey.FromPrivateKey(keyId, Base64Url(Ed25519PrivateKey))!,
    };

    /// <summary>An Ed25519 key the API does not know, under a configured key id.</summary>
    public static SignatureKey Stranger(string keyId) => Ed25519SignatureKey.FromPrivateKey(keyId, RandomNumberGenerator.GetBytes(32))!;

    public static byte[] Base64Url(string value) => Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (value.Length % 4)) % 4));

    private static ECDsa EcdsaCopy()
    {
        var copy = ECDsa.Create();
        copy.ImportParameters(Ecdsa.ExportParameters(includePrivateParameters: true));
        return copy;
    }
}
