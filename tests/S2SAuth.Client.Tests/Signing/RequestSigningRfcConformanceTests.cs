using System.Net;
using S2SAuth.Client.Signatures;
using static S2SAuth.Client.Tests.Signatures.Rfc9421TestMessages;

namespace S2SAuth.Client.Tests.Signing;

/// <summary>
/// The handler itself, configured like RFC 9421's Appendix B.2.5 (hmac-sha256, test-shared-secret) and B.2.6 (ed25519,
/// test-key-ed25519) examples — their components, label, a fixed clock at their <c>created</c>, no nonce, expires or alg —
/// signs the RFC's test request with exactly the RFC's Signature-Input and Signature (both algorithms are deterministic),
/// and its Content-Digest (sha-512) is the RFC's.
/// </summary>
public sealed class RequestSigningRfcConformanceTests : IAsyncDisposable
{
    private const string B25Input = "sig-b25=(\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"";
    private const string B25Signature = "sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:";
    private const string B26Input = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    private const string B26Signature = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";

    private readonly TestSigningKeys _keys = new();
    private readonly SigningClients _clients = new(DateTimeOffset.FromUnixTimeSeconds(Created));
    private readonly Capture _capture = new();

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        _keys.Dispose();
    }

    private HttpClient Client(Dictionary<string, string?> settings, string label, params string[] components)
    {
        return _clients.Create(new Uri("https://example.com/"), settings, o =>
        {
            o.Components = components;
            o.Label = label;
            o.DigestAlgorithm = ContentDigest.Sha512;
            o.NonceSource = () => null;
            o.OmitExpiresAndAlgorithm = true;
            o.OmitContentDigestComponent = true;
        }, b => b.ConfigurePrimaryHttpMessageHandler(() => _capture).PrimaryHandlerFollowsNoRedirects());
    }

    [Fact]
    public async Task B25_hmac_sha256_the_handler_signs_the_rfcs_request_with_the_rfcs_signature()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ServiceAuth:RequestSigning:KeyId"] = "test-shared-secret",
            ["ServiceAuth:RequestSigning:Algorithm"] = SignatureAlgorithms.HmacSha256,
            ["ServiceAuth:RequestSigning:Secret"] = SharedSecret,
        };
        var client = Client(settings, "sig-b25", "date", "@authority", "content-type");

        await client.SendAsync(RequestMessage());

        var sent = Assert.Single(_capture.Requests);
        Assert.Equal(B25Input, sent.Input);
        Assert.Equal(B25Signature, sent.Signature);
        Assert.Equal(RequestContentDigest, sent.Digest);
    }

    [Fact]
    public async Task B26_ed25519_the_handler_signs_the_rfcs_request_with_the_rfcs_signature_from_a_PKCS8_PEM_file()
    {
        var der = Convert.FromHexString("302e020100300506032b657004220420").Concat(Base64Url(Ed25519PrivateKey)).ToArray();
        var pem = new string(System.Security.Cryptography.PemEncoding.Write("PRIVATE KEY", der));
        var settings = new Dictionary<string, string?>
        {
            ["ServiceAuth:RequestSigning:KeyId"] = "test-key-ed25519",
            ["ServiceAuth:RequestSigning:Algorithm"] = SignatureAlgorithms.Ed25519,
        };
        _keys.Write(pem);
        settings["ServiceAuth:RequestSigning:PrivateKeyPath"] = _keys.KeyPath;
        var client = Client(settings, "sig-b26", "date", "@method", "@path", "@authority", "content-type", "content-length");

        await client.SendAsync(RequestMessage());

        var sent = Assert.Single(_capture.Requests);
        Assert.Equal(B26Input, sent.Input);
        Assert.Equal(B26Signature, sent.Signature);
        Assert.Equal(RequestContentDigest, sent.Digest);
        Assert.Equal(RequestBody, sent.Body);
    }

    private sealed record Sent(string? Input, string? Signature, string? Digest, string Body);

    /// <summary>The transport: records what would go on the wire and answers 200.</summary>
    private sealed class Capture : HttpMessageHandler
    {
        public List<Sent> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new Sent(Value(request, "Signature-Input"), Value(request, "Signature"), Value(request, "Content-Digest"),
                await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }

        private static string? Value(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out var values) || request.Content!.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
    }
}
