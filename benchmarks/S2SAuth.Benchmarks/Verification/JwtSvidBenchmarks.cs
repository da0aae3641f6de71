using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Caching;
using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.Verification;

/// <summary>
/// What accepting SPIFFE JWT-SVIDs costs per service token, through <see cref="CachedTokenVerifier"/>: an ordinary
/// service token's cache hit on a host without and with JWT-SVIDs (the baseline: unchanged), a JWT-SVID's hit in its own
/// cache (keyed on the bundles' version), and a JWT-SVID's full verification (ES256, the cache off) — what every
/// request would pay if JWT-SVIDs were not cached.
/// </summary>
[MemoryDiagnoser]
public class JwtSvidBenchmarks
{
    private const string TrustDomain = "prod.example.org";
    private TestIssuer _issuer = null!;
    private string _directory = null!;
    private ServiceProvider _plain = null!;
    private ServiceProvider _svids = null!;
    private ServiceProvider _uncached = null!;
    private CachedTokenVerifier _plainVerifier = null!;
    private CachedTokenVerifier _svidVerifier = null!;
    private CachedTokenVerifier _uncachedVerifier = null!;
    private ReadOnlyMemory<char> _serviceToken;
    private ReadOnlyMemory<char> _svid;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _issuer = await TestIssuer.StartAsync(new TestIssuerOptions { Algorithm = "ES256", TokenLifetime = TimeSpan.FromHours(1) });
        _directory = Directory.CreateTempSubdirectory("s2s-svid-bench-").FullName;
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = ec.ExportParameters(false).Q;
        var bundle = new JsonObject
        {
            ["spiffe_sequence"] = 1,
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["kid"] = "svid-1", ["use"] = "jwt-svid",
                ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y),
            }),
        };
        var file = Path.Combine(_directory, "bundle.json");
        await File.WriteAllTextAsync(file, bundle.ToJsonString());
        _serviceToken = BenchTokens.Service(_issuer).AsMemory();
        _svid = _issuer.Token().Without("iss").Without("nbf").Claim("sub", "spiffe://prod.example.org/ns/shop/sa/orders-service")
            .Audience(BenchTokens.Audience).SignWith(new ECDsaSecurityKey(ec) { KeyId = "svid-1" }, "ES256").Header("kid", "svid-1").Build().AsMemory();

        _plain = Build(_ => { });
        _svids = Build(o => Spiffe(o, file));
        _uncached = Build(o =>
        {
            Spiffe(o, file);
            o.VerifiedTokenCache.Enabled = false;
        });
        _plainVerifier = _plain.GetRequiredService<CachedTokenVerifier>();
        _svidVerifier = _svids.GetRequiredService<CachedTokenVerifier>();
        _uncachedVerifier = _uncached.GetRequiredService<CachedTokenVerifier>();
        Check(await PlainServiceTokenHitAsync() && await ServiceTokenHitWithSvidsOnAsync() && await SvidCacheHitAsync() && await SvidFullVerificationAsync(),
            "every verifier accepts its token");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _plain.DisposeAsync();
        await _svids.DisposeAsync();
        await _uncached.DisposeAsync();
        await _issuer.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "service token, cache hit, JWT-SVIDs off")]
    public async ValueTask<bool> PlainServiceTokenHitAsync() => (await _plainVerifier.VerifyAsync(_serviceToken, TokenKind.Service, default)).Succeeded;

    [Benchmark(Description = "service token, cache hit, JWT-SVIDs on")]
    public async ValueTask<bool> ServiceTokenHitWithSvidsOnAsync() => (await _svidVerifier.VerifyAsync(_serviceToken, TokenKind.Service, default)).Succeeded;

    [Benchmark(Description = "JWT-SVID, hit in its own cache")]
    public async ValueTask<bool> SvidCacheHitAsync() => (await _svidVerifier.VerifyAsync(_svid, TokenKind.Service, default)).Succeeded;

    [Benchmark(Description = "JWT-SVID, full verification (ES256, no cache)")]
    public async ValueTask<bool> SvidFullVerificationAsync() => (await _uncachedVerifier.VerifyAsync(_svid, TokenKind.Service, default)).Succeeded;

    private static void Spiffe(ServiceAuthOptions o, string file)
    {
        o.Spiffe.TrustDomains = [TrustDomain];
        o.Spiffe.JwtBundles[TrustDomain] = file;
        o.Spiffe.PathTemplate = "/ns/*/sa/{service}";
        o.ServiceScopes["orders-service"] = [BenchTokens.Activity];
    }

    private ServiceProvider Build(Action<ServiceAuthOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().AddProvider(new DiscardingLoggerProvider()));
        services.AddServiceAuth(o =>
        {
            o.Authority = _issuer.Authority;
            o.Audience = BenchTokens.Audience;
            o.RequireHttpsMetadata = false;
            configure(o);
        });
        return services.BuildServiceProvider();
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
