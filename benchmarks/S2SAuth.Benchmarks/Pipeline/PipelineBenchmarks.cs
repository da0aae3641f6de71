using BenchmarkDotNet.Attributes;

namespace S2SAuth.Benchmarks.Pipeline;

/// <summary>
/// One <c>GET /work</c> request through a real ASP.NET Core middleware pipeline (routing, the auth middleware, a minimal-API
/// endpoint), in process and without sockets, for the three servers of the load test: no auth; stock JwtBearer with two
/// schemes and a policy; S2SAuth with <c>RequireActivity</c>. The same tokens every time, audit and metrics on.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private Pipelines _pipelines = null!;

    [GlobalSetup]
    public async Task SetupAsync() => _pipelines = await Pipelines.StartAsync();

    [GlobalCleanup]
    public async Task CleanupAsync() => await _pipelines.DisposeAsync();

    [Benchmark(Baseline = true, Description = "pipeline: no auth")]
    public Task<int> NoAuthAsync() => _pipelines.SendAsync(_pipelines.NoAuth);

    [Benchmark(Description = "pipeline: stock JwtBearer, two schemes + policy")]
    public Task<int> JwtBearerAsync() => _pipelines.SendAsync(_pipelines.JwtBearer);

    [Benchmark(Description = "pipeline: S2SAuth + RequireActivity")]
    public Task<int> S2SAuthAsync() => _pipelines.SendAsync(_pipelines.S2SAuth);
}
