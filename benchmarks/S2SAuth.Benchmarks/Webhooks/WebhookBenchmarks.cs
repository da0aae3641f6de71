using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using NSec.Cryptography;
using S2SAuth.Webhooks;

namespace S2SAuth.Benchmarks.Webhooks;

/// <summary>
/// One webhook signature verification per scheme over a 1 KiB body (headers parsed, signature compared in constant
/// time, timestamp checked): Standard Webhooks v1 (HMAC-SHA256) and v1a (Ed25519, libsodium), Stripe, GitHub and the
/// generic HMAC scheme. Each provider has two secrets (a rotation) and the delivery is signed with the second, the worst case.
/// </summary>
[MemoryDiagnoser]
public class WebhookBenchmarks
{
    private const string OldSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string NewSecret = "whsec_c2Vjb25kLXNlY3JldC1vZi10aGlydHktdHdvLWJ5dGVz";
    private const string PlainOld = "old-shared-secret-value";
    private const string PlainNew = "new-shared-secret-value";

    private readonly byte[] _body = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\",\"data\":\"" + new string('x', 1000) + "\"}");
    private Key _ed = null!;
    private (WebhookSignatureVerifier Verifier, HeaderDictionary Headers) _standard;
    private (WebhookSignatureVerifier Verifier, HeaderDictionary Headers) _ed25519;
    private (WebhookSignatureVerifier Verifier, HeaderDictionary Headers) _stripe;
    private (WebhookSignatureVerifier Verifier, HeaderDictionary Headers) _github;
    private (WebhookSignatureVerifier Verifier, HeaderDictionary Headers) _hmac;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var text = Encoding.UTF8.GetString(_body);
        var standardKey = Convert.FromBase64String(NewSecret["whsec_".Length..]);
        _standard = (Create(new StandardWebhooksScheme(), OldSecret, NewSecret), new HeaderDictionary
        {
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = now,
            ["webhook-signature"] = "v1," + Convert.ToBase64String(HMACSHA256.HashData(standardKey, Encoding.UTF8.GetBytes($"msg_1.{now}.{text}"))),
        });
        _ed = Key.Create(SignatureAlgorithm.Ed25519);
        var publicKey = "whpk_" + Convert.ToBase64String(_ed.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        _ed25519 = (Create(new StandardWebhooksScheme(), publicKey), new HeaderDictionary
        {
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = now,
            ["webhook-signature"] = "v1a," + Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(_ed, Encoding.UTF8.GetBytes($"msg_1.{now}.{text}"))),
        });
        var plain = Encoding.UTF8.GetBytes(PlainNew);
        _stripe = (Create(new StripeScheme(), PlainOld, PlainNew), new HeaderDictionary
        {
            ["Stripe-Signature"] = $"t={now},v1={Convert.ToHexStringLower(HMACSHA256.HashData(plain, Encoding.UTF8.GetBytes($"{now}.{text}")))}",
        });
        _github = (Create(new GitHubScheme(), PlainOld, PlainNew), new HeaderDictionary
        {
            ["X-Hub-Signature-256"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(plain, _body)),
            ["X-GitHub-Delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        });
        _hmac = (Create(new GenericHmacScheme(new GenericHmacSettings("X-Signature", WebhookSignatureEncoding.Hex, "sha256=", "X-Timestamp", "X-Event-Id")), PlainOld, PlainNew), new HeaderDictionary
        {
            ["X-Signature"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(plain, Encoding.UTF8.GetBytes($"{now}.{text}"))),
            ["X-Timestamp"] = now,
            ["X-Event-Id"] = "evt_1",
        });
        foreach (var ok in new[] { StandardV1(), StandardV1a(), Stripe(), GitHub(), Hmac() })
        {
            if (!ok)
            {
                throw new InvalidOperationException("every delivery must verify");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _ed.Dispose();

    [Benchmark(Baseline = true, Description = "Standard Webhooks v1 (HMAC-SHA256)")]
    public bool StandardV1() => _standard.Verifier.Verify(_standard.Headers, _body).Ok;

    [Benchmark(Description = "Standard Webhooks v1a (Ed25519)")]
    public bool StandardV1a() => _ed25519.Verifier.Verify(_ed25519.Headers, _body).Ok;

    [Benchmark(Description = "Stripe (t=, v1=)")]
    public bool Stripe() => _stripe.Verifier.Verify(_stripe.Headers, _body).Ok;

    [Benchmark(Description = "GitHub (X-Hub-Signature-256)")]
    public bool GitHub() => _github.Verifier.Verify(_github.Headers, _body).Ok;

    [Benchmark(Description = "Generic HMAC (timestamped, hex)")]
    public bool Hmac() => _hmac.Verifier.Verify(_hmac.Headers, _body).Ok;

    private static WebhookSignatureVerifier Create(IWebhookSignatureScheme scheme, params string[] secrets) =>
        WebhookSignatureVerifier.TryCreate(scheme, secrets, TimeProvider.System, out var verifier, out var error)
            ? verifier! : throw new InvalidOperationException(error);
}
