using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Introspection;

namespace S2SAuth.Benchmarks.Introspection;

/// <summary>
/// What a live-checked endpoint adds per token when the issuer's answer is cached: the SHA-256 cache key of a real
/// RS256 service token, and the whole cache hit (key, lookup, expiry check). No network: a miss is a call at the issuer.
/// </summary>
[MemoryDiagnoser]
public class LiveCheckCacheBenchmarks
{
    private S2SAuthHost _host = null!;
    private IntrospectionCache _cache = null!;
    private VerifiedTokenInfo _info = null!;
    private string _token = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await S2SAuthHost.StartAsync("RS256");
        _token = _host.ServiceToken;
        var now = DateTimeOffset.UtcNow;
        _info = new VerifiedTokenInfo(TokenKind.Service, _host.Issuer.Issuer, "orders-service", "jti-1", now, now.AddMinutes(5), null, null);
        _cache = new IntrospectionCache(new ActiveAnswers(), Options.Create(new IntrospectionOptions { CacheDuration = TimeSpan.FromMinutes(5) }),
            TimeProvider.System, NullLogger<IntrospectionCache>.Instance);
        var first = await _cache.GetAsync(_token, _info, CancellationToken.None);
        if (first.Answer?.Active != true || !await CacheHitAsync() || _cache.Calls != 1)
        {
            throw new InvalidOperationException("the benchmark must hit the cache");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _host.DisposeAsync();

    [Benchmark(Baseline = true, Description = "SHA-256 cache key of the token")]
    public string Key() => IntrospectionCache.KeyOf(_token);

    [Benchmark(Description = "cached introspection answer (hit)")]
    public async ValueTask<bool> CacheHitAsync() => (await _cache.GetAsync(_token, _info, CancellationToken.None)).Answer?.Active == true;

    private sealed class ActiveAnswers : ITokenIntrospector
    {
        public Task<IntrospectionOutcome> IntrospectAsync(string token, CancellationToken cancellationToken) =>
            Task.FromResult(IntrospectionOutcome.Of(new IntrospectionAnswer(true, null, null, null, [], null)));
    }
}
