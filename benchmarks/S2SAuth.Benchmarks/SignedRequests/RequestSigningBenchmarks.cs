using System.Net;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSec.Cryptography;

namespace S2SAuth.Benchmarks.SignedRequests;

/// <summary>
/// One POST with a 1 KiB JSON body through an IHttpClientFactory client with <c>AddRequestSigning</c>, per algorithm,
/// against the same client without it. All end in the same in-memory transport (a static 200), so the difference is
/// the signing handler's own cost: buffering the body, Content-Digest (sha-256), the signature base and the signature.
/// </summary>
[MemoryDiagnoser]
public class RequestSigningBenchmarks
{
    private static readonly byte[] Body = System.Text.Encoding.UTF8.GetBytes("{\"items\":\"" + new string('x', 1024 - 13) + "\"}");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "s2sauth-bench-signing-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _provider = null!;
    private HttpClient _plain = null!;
    private HttpClient _ed25519 = null!;
    private HttpClient _ecdsa = null!;
    private HttpClient _hmac = null!;
    private HttpClient _rsa = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        var baseAddress = new Uri("https://peer.internal/");
        services.AddHttpClient("plain", c => c.BaseAddress = baseAddress).ConfigurePrimaryHttpMessageHandler(() => new StaticOkHandler());
        Add(services, baseAddress, "ed25519", o => o.PrivateKeyPath = Write("ed25519.pem", Ed25519Pem()));
        Add(services, baseAddress, "ecdsa-p256-sha256", o => o.PrivateKeyPath = Write("p256.pem", EcdsaPem()));
        Add(services, baseAddress, "hmac-sha256", o => o.Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Add(services, baseAddress, "rsa-pss-sha512", o => o.PrivateKeyPath = Write("rsa.pem", RsaPem()));
        _provider = services.BuildServiceProvider();
        var factory = _provider.GetRequiredService<IHttpClientFactory>();
        _plain = factory.CreateClient("plain");
        _ed25519 = factory.CreateClient("ed25519");
        _ecdsa = factory.CreateClient("ecdsa-p256-sha256");
        _hmac = factory.CreateClient("hmac-sha256");
        _rsa = factory.CreateClient("rsa-pss-sha512");
        foreach (var client in new[] { _plain, _ed25519, _ecdsa, _hmac, _rsa })
        {
            await PostAsync(client); // loads the keys
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _provider.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "POST 1 KiB, not signed")]
    public Task<HttpStatusCode> PlainAsync() => PostAsync(_plain);

    [Benchmark(Description = "POST 1 KiB, signed ed25519")]
    public Task<HttpStatusCode> Ed25519Async() => PostAsync(_ed25519);

    [Benchmark(Description = "POST 1 KiB, signed ecdsa-p256-sha256")]
    public Task<HttpStatusCode> EcdsaAsync() => PostAsync(_ecdsa);

    [Benchmark(Description = "POST 1 KiB, signed hmac-sha256")]
    public Task<HttpStatusCode> HmacAsync() => PostAsync(_hmac);

    [Benchmark(Description = "POST 1 KiB, signed rsa-pss-sha512")]
    public Task<HttpStatusCode> RsaAsync() => PostAsync(_rsa);

    private static async Task<HttpStatusCode> PostAsync(HttpClient client)
    {
        using var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync("orders", content);
        return response.StatusCode;
    }

    private static void Add(ServiceCollection services, Uri baseAddress, string algorithm, Action<S2SAuth.Client.RequestSigningOptions> key) =>
        services.AddHttpClient(algorithm, c => c.BaseAddress = baseAddress).ConfigurePrimaryHttpMessageHandler(() => new StaticOkHandler())
            .PrimaryHandlerFollowsNoRedirects()
            .AddRequestSigning(o =>
            {
                o.KeyId = "bench-" + algorithm;
                o.Algorithm = algorithm;
                key(o);
            });

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, pem);
        return path;
    }

    private static string Ed25519Pem()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return System.Text.Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPrivateKeyText));
    }

    private static string EcdsaPem()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ecdsa.ExportPkcs8PrivateKeyPem();
    }

    private static string RsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private sealed class StaticOkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }
}
