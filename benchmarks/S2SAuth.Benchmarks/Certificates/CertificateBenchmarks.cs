using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Authentication;
using S2SAuth.Caching;
using S2SAuth.Certificates;
using S2SAuth.Testing;
using S2SAuth.Verification;

namespace S2SAuth.Benchmarks.Certificates;

/// <summary>
/// What certificate identity and RFC 8705 binding add per request on an established connection, side by side in one
/// run with today's cache-hit path: the same service + user pair with an unbound service token (the baseline), on the
/// same host; a certificate-bound service token checked against the connection's client certificate; the client certificate itself
/// proving the service (validated once per connection: the benchmark reuses one certificate object, as Kestrel does for
/// every request of a connection); and the two checks alone.
/// </summary>
[MemoryDiagnoser]
public class CertificateBenchmarks
{
    private const string TrustDomain = "bench.example.org";

    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("Bench CA");
    private string _folder = null!;
    private S2SAuthHost _mtls = null!;
    private RequestSteps _mtlsSteps = null!;
    private DefaultHttpContext _unbound = null!;
    private DefaultHttpContext _bound = null!;
    private DefaultHttpContext _certificate = null!;
    private CertificateIdentityCache _cache = null!;
    private PresentedCertificate _presented = null!;
    private VerifiedToken _boundToken = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("s2sauth-bench-").FullName;
        var bundle = Path.Combine(_folder, "bundle.pem");
        await File.WriteAllTextAsync(bundle, _ca.CertificatePem);
        var client = _ca.IssueSpiffe($"spiffe://{TrustDomain}/orders-service");

        _mtls = await S2SAuthHost.StartAsync("ES256", b => b.Services.Configure<ServiceAuthOptions>(o =>
        {
            o.Certificates.TrustBundlePath = bundle;
            o.Spiffe.TrustDomains = [TrustDomain];
            o.Spiffe.PathTemplate = "/{service}";
            o.ServiceScopes["orders-service"] = [BenchTokens.Activity];
        }));
        _mtlsSteps = new RequestSteps(_mtls);

        _unbound = _mtls.NewRequest();
        _unbound.Request.Headers["X-Service-Token"] = _mtls.Issuer.ServiceToken("orders-service", BenchTokens.Audience, [BenchTokens.Activity], BenchTokens.Tenant).Build();
        _unbound.Connection.ClientCertificate = client;
        _bound = _mtls.NewRequest();
        _bound.Request.Headers["X-Service-Token"] = _mtls.Issuer.ServiceToken("orders-service", BenchTokens.Audience, [BenchTokens.Activity], BenchTokens.Tenant).BoundTo(client).Build();
        _bound.Connection.ClientCertificate = client;

        _certificate = _mtls.NewRequest();
        _certificate.Request.Headers.Remove("X-Service-Token");
        _certificate.Connection.ClientCertificate = client;
        _certificate.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/work"), 0,
            new EndpointMetadataCollection(new RequireActivityAttribute(BenchTokens.Activity), new RequireServiceCredentialAttribute(ServiceCredentialPolicy.Certificate),
                new HttpMethodMetadata(["GET"])), "work"));

        Check(await TokensAsync(), "the unbound pair verifies");
        Check(await BoundTokenAsync(), "the bound pair verifies");
        Check(await CertificateAsync(), "the certificate proves the service");
        _cache = _mtls.Services.GetRequiredService<CertificateIdentityCache>();
        _presented = _cache.ForConnection(client);
        _boundToken = _mtls.Services.GetRequiredService<VerifiedTokenCache>().Entries.Select(e => e.Verified).Single(v => v.Binding.Thumbprint is not null);
        Check(CertificateCheckOnly() && BindingCheckOnly(), "the checks pass alone");
        Check(_cache.Validations == 1, "the certificate was validated once");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Check(_cache.Validations == 1, "the certificate was validated once for the whole run");
        await _mtls.DisposeAsync();
        _ca.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "S2SAuth pair, cache hit, unbound service token (today's path)")]
    public ValueTask<bool> TokensAsync() => _mtlsSteps.AuthenticateAsync(_unbound);

    [Benchmark(Description = "S2SAuth pair, cache hit, service token bound to the connection's certificate")]
    public ValueTask<bool> BoundTokenAsync() => _mtlsSteps.AuthenticateAsync(_bound);

    [Benchmark(Description = "client certificate as the service (cached per connection) + user token, cache hit")]
    public ValueTask<bool> CertificateAsync() => _mtlsSteps.AuthenticateAsync(_certificate);

    [Benchmark(Description = "certificate identity alone (per-connection cache hit)")]
    public bool CertificateCheckOnly() => _cache.Check(_presented, DateTimeOffset.UtcNow).Identity is not null;

    [Benchmark(Description = "binding check alone (x5t#S256 against the connection's certificate)")]
    public bool BindingCheckOnly() => ServiceCredentials.CheckBinding(_boundToken, _presented, bindingRequired: true) is null;

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
