using System.Security.Cryptography;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Tests.Signatures;

/// <summary>
/// The RFC 9421 Appendix B test messages (B.2 test-request, test-response) and test keys (B.1.3 test-key-ecc-p256,
/// B.1.4 test-key-ed25519, B.1.5 test-shared-secret), values copied from the RFC.
/// </summary>
internal static class Rfc9421TestMessages
{
    public const long Created = 1618884473;

    // B.1.4 test-key-ed25519 (JWK "d" and "x", base64url).
    public const string Ed25519PrivateKey = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU";
    public const string Ed25519PublicKey = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs";

    // B.1.5 test-shared-secret (base64).
    public const string SharedSecret = "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==";

    // B.1.3 test-key-ecc-p256.
    public const string EccP256PublicKey = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf
        w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
        -----END PUBLIC KEY-----
        """;

    public const string EccP256PrivateKey = """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIFKbhfNZfpDsW43+0+JjUr9K+bTeuxopu653+hBaXGA7oAoGCCqGSM49
        AwEHoUQDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lfw0EkjqF7xB4FivAxzic30tMM
        4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
        -----END EC PRIVATE KEY-----
        """;

    // B.2 test-request content and its Content-Digest.
    public const string RequestBody = "{\"hello\": \"world\"}";
    public const string RequestContentDigest = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

    public static HmacSha256SignatureKey SharedSecretKey() => new("test-shared-secret", Convert.FromBase64String(SharedSecret));

    public static Ed25519SignatureKey Ed25519Key() => Ed25519SignatureKey.FromPrivateKey("test-key-ed25519", Base64Url(Ed25519PrivateKey))!;

    public static Ed25519SignatureKey Ed25519PublicOnly() => Ed25519SignatureKey.FromPublicKey("test-key-ed25519", Base64Url(Ed25519PublicKey))!;

    public static EcdsaP256SignatureKey EccP256PublicOnly()
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(EccP256PublicKey);
        return new("test-key-ecc-p256", ecdsa, hasPrivateKey: false);
    }

    public static EcdsaP256SignatureKey EccP256Key()
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(EccP256PrivateKey);
        return new("test-key-ecc-p256", ecdsa, hasPrivateKey: true);
    }

    /// <summary>B.2 test-request: POST /foo?param=Value&amp;Pet=dog to example.com, from plain values.</summary>
    public static HttpMessageComponents Request(Dictionary<string, string[]>? extra = null, string path = "/foo")
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = ["example.com"],
            ["Date"] = ["Tue, 20 Apr 2021 02:07:55 GMT"],
            ["Content-Type"] = ["application/json"],
            ["Content-Digest"] = [RequestContentDigest],
            ["Content-Length"] = ["18"],
        };
        foreach (var (k, v) in extra ?? [])
        {
            headers[k] = v;
        }

        return HttpMessageComponents.FromValues("POST", "https", "example.com", path, "param=Value&Pet=dog", n => headers.TryGetValue(n, out var v) ? v : null);
    }

    /// <summary>B.2 test-request as an outgoing HttpRequestMessage.</summary>
    public static HttpRequestMessage RequestMessage()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://example.com/foo?param=Value&Pet=dog")
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(RequestBody)),
        };
        request.Headers.TryAddWithoutValidation("Date", "Tue, 20 Apr 2021 02:07:55 GMT");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Content.Headers.TryAddWithoutValidation("Content-Digest", RequestContentDigest);
        request.Content.Headers.ContentLength = 18;
        return request;
    }

    /// <summary>B.2 test-response: 200 with {"message": "good dog"}.</summary>
    public static HttpMessageComponents Response(string signatureInput, string signature)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Date"] = ["Tue, 20 Apr 2021 02:07:56 GMT"],
            ["Content-Type"] = ["application/json"],
            ["Content-Digest"] = ["sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:"],
            ["Content-Length"] = ["23"],
            ["Signature-Input"] = [signatureInput],
            ["Signature"] = [signature],
        };
        return HttpMessageComponents.FromValues("GET", "https", "example.com", "/", string.Empty, n => headers.TryGetValue(n, out var v) ? v : null, status: 200);
    }

    public static byte[] Base64Url(string value) => Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (value.Length % 4)) % 4));
}
