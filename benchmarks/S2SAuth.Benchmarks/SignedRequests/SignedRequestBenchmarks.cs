using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Client.Signatures;
using S2SAuth.Replay;
using S2SAuth.SignedRequests;

namespace S2SAuth.Benchmarks.SignedRequests;

/// <summary>
/// The cost of proving one signed request (RFC 9421) per algorithm: a POST with a 1 KiB JSON body, covering
/// <c>@method @authority @path @query content-digest</c> with <c>created expires keyid nonce</c>, through
/// <see cref="SignedRequestReader.ProveAsync"/>: field bounds, the core's verification, the Content-Digest over the
/// body (read from a seekable stream, rewound), and a replay store that always answers "first use" (the store's own
/// cost is measured elsewhere). The Content-Digest alone is the baseline.
/// </summary>
[MemoryDiagnoser]
public class SignedRequestBenchmarks
{
    private const string Ed25519Seed = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU";
    private const string Ed25519Public = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs";

    private readonly byte[] _body = System.Text.Encoding.UTF8.GetBytes("{\"items\":\"" + new string('x', 1024 - 12) + "\"}");
    private SignedRequestReader _reader = null!;
    private DefaultHttpContext _ed25519 = null!;
    private DefaultHttpContext _ecdsa = null!;
    private DefaultHttpContext _hmac = null!;
    private string _digest = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var secret = RandomNumberGenerator.GetBytes(32);
        var options = new SignedRequestOptions();
        options.Keys["bench-ed25519"] = new() { Algorithm = "ed25519", PublicKey = Ed25519Public, ServiceId = "orders-service", Scopes = ["price.read"] };
        options.Keys["bench-p256"] = new() { Algorithm = "ecdsa-p256-sha256", PublicKey = ecdsa.ExportSubjectPublicKeyInfoPem(), ServiceId = "orders-service", Scopes = ["price.read"] };
        options.Keys["bench-hmac"] = new() { Algorithm = "hmac-sha256", Secret = Convert.ToBase64String(secret), ServiceId = "orders-service", Scopes = ["price.read"] };
        var wrapped = Options.Create(options);
        _reader = new SignedRequestReader(new SignedRequestKeys(wrapped, NullLogger<SignedRequestKeys>.Instance), new SignedRequestPolicy(wrapped),
            new FirstUseStore(), time, NullLogger<SignedRequestReader>.Instance);
        _digest = ContentDigest.Compute(_body, ContentDigest.Sha256);

        using var ed25519Key = Ed25519SignatureKey.FromPrivateKey("bench-ed25519", Convert.FromBase64String(Ed25519Seed.Replace('-', '+').Replace('_', '/') + "="))!;
        using var ecdsaKey = new EcdsaP256SignatureKey("bench-p256", ECDsa.Create(ecdsa.ExportParameters(true)), hasPrivateKey: true);
        using var hmacKey = new HmacSha256SignatureKey("bench-hmac", secret);
        _ed25519 = Signed(ed25519Key, time);
        _ecdsa = Signed(ecdsaKey, time);
        _hmac = Signed(hmacKey, time);
        foreach (var http in new[] { _ed25519, _ecdsa, _hmac })
        {
            if ((await ProveAsync(http)).Identity is null)
            {
                throw new InvalidOperationException("The benchmark request does not verify.");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "Content-Digest only (sha-256, 1 KiB)")]
    public bool DigestOnly() => ContentDigest.Verify(_digest, _body) == SignatureFailure.None;

    [Benchmark(Description = "ed25519")]
    public bool Ed25519() => Proved(_ed25519);

    [Benchmark(Description = "ecdsa-p256-sha256")]
    public bool EcdsaP256() => Proved(_ecdsa);

    [Benchmark(Description = "hmac-sha256")]
    public bool HmacSha256() => Proved(_hmac);

    // The reader completes synchronously here (a seekable in-memory body, an in-memory store).
    private bool Proved(DefaultHttpContext http)
    {
        var proof = ProveAsync(http);
        return (proof.IsCompletedSuccessfully ? proof.Result : proof.AsTask().GetAwaiter().GetResult()).Identity is not null;
    }

    private ValueTask<S2SAuth.Authentication.CredentialProof> ProveAsync(DefaultHttpContext http)
    {
        http.Request.Body.Position = 0;
        return _reader.ProveAsync(http, CancellationToken.None);
    }

    private DefaultHttpContext Signed(SignatureKey key, TimeProvider time)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "https://pricing.internal/prices?currency=EUR") { Content = new ByteArrayContent(_body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        message.Content.Headers.TryAddWithoutValidation(ContentDigest.HeaderName, _digest);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var parameters = SignatureParameters.Create(["@method", "@authority", "@path", "@query", "content-digest"], now, key.KeyId, now + 60, "bench-nonce", key.Algorithm);
        if (!MessageSigner.TrySign(message, parameters, key, "sig1", out _))
        {
            throw new InvalidOperationException("The benchmark request cannot be signed.");
        }

        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = "POST";
        request.Scheme = "https";
        request.Host = new HostString("pricing.internal");
        request.Path = "/prices";
        request.QueryString = new QueryString("?currency=EUR");
        request.ContentType = "application/json";
        request.ContentLength = _body.Length;
        request.Headers[ContentDigest.HeaderName] = _digest;
        request.Headers[MessageSigner.SignatureInputHeader] = message.Headers.GetValues(MessageSigner.SignatureInputHeader).Single();
        request.Headers[MessageSigner.SignatureHeader] = message.Headers.GetValues(MessageSigner.SignatureHeader).Single();
        request.Body = new MemoryStream(_body, writable: false);
        return http;
    }

    private sealed class FirstUseStore : IReplayStore
    {
        public ValueTask<ReplayCheck> TryFirstUseAsync(ReplayKey key, DateTimeOffset until, CancellationToken cancellationToken) => ValueTask.FromResult(ReplayCheck.FirstUse);
    }
}
