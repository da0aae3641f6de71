using BenchmarkDotNet.Attributes;
using S2SAuth.Benchmarks.Framework;

namespace S2SAuth.Benchmarks.Authorization;

/// <summary>
/// The <c>RequireActivity("order.confirm")</c> decision alone, on an authenticated service + user request: identities,
/// service scope, user permission, tenant rule, then one audit event and the metrics.
/// </summary>
[MemoryDiagnoser]
public class ActivityDecisionBenchmarks
{
    private S2SAuthHost _host = null!;
    private RequestSteps _steps = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await S2SAuthHost.StartAsync("RS256");
        _steps = new RequestSteps(_host);
        if (!await _steps.AuthenticateAsync(_host.Http) || !await DecideAsync())
        {
            throw new InvalidOperationException("the request must be allowed");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _host.DisposeAsync();

    [Benchmark(Description = "RequireActivity decision (allowed, audited)")]
    public ValueTask<bool> DecideAsync() => _steps.DecideAsync(_host.Http);
}
