using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.ApiKeys;
using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.ApiKeys;

/// <summary>
/// The cost of one API-key check (<see cref="ApiKeyReader.ProveAsync"/>): header read, format check, SHA-256 of the key,
/// lookup by key id, constant-time compare, revocation latch, times, usage and metric. A valid key, a wrong secret and an
/// unknown key id (which must cost the same as a wrong secret).
/// </summary>
[MemoryDiagnoser]
public class ApiKeyBenchmarks
{
    private ServiceProvider _services = null!;
    private ApiKeyReader _reader = null!;
    private DefaultHttpContext _valid = null!;
    private DefaultHttpContext _wrongSecret = null!;
    private DefaultHttpContext _unknownId = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (key, hash) = ApiKeyFactory.Create("acme-2026a");
        var (other, otherHash) = ApiKeyFactory.Create("acme-2026b");
        var services = new ServiceCollection().AddLogging().AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ApiKeyOptions>().Configure(o => o.Clients["acme"] = new ApiKeyClientOptions
        {
            ServiceId = "acme-partner",
            Scopes = ["price.read"],
            Keys = [new() { Id = "acme-2026a", Hash = hash }, new() { Id = "acme-2026b", Hash = otherHash }],
        });
        services.AddSingleton<S2SAuth.Telemetry.ApiKeyMetrics>().AddSingleton<ApiKeyStore>().AddSingleton<ApiKeyRevocations>().AddSingleton<ApiKeyReader>();
        _services = services.BuildServiceProvider();
        _reader = _services.GetRequiredService<ApiKeyReader>();
        _valid = Request(key);
        _wrongSecret = Request(ApiKeyFactory.Create("acme-2026a").Key);
        _unknownId = Request(ApiKeyFactory.Create("nobody-1").Key);
        _ = other;
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public bool ValidKey() => _reader.ProveAsync(_valid, default).Result.Identity is not null;

    [Benchmark]
    public bool WrongSecret() => _reader.ProveAsync(_wrongSecret, default).Result.Identity is not null;

    [Benchmark]
    public bool UnknownKeyId() => _reader.ProveAsync(_unknownId, default).Result.Identity is not null;

    private static DefaultHttpContext Request(string key)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers["X-Api-Key"] = key;
        return http;
    }
}
