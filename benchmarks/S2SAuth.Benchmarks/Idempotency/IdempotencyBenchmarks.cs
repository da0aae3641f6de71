using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using S2SAuth.Idempotency;

namespace S2SAuth.Benchmarks.Idempotency;

/// <summary>
/// What <c>.RequireIdempotency()</c> adds to one POST with a 1 KB JSON body and a 200-byte JSON answer, on the in-memory
/// store: the endpoint alone (baseline), a first call (fingerprint, claim, run with the response copied, store), and a
/// replay. No network: with Redis add one round trip for a replay, two for a first call.
/// </summary>
[MemoryDiagnoser]
public class IdempotencyBenchmarks
{
    private static readonly byte[] RequestBody = Encoding.UTF8.GetBytes("{\"items\":[" + string.Join(',', Enumerable.Repeat("{\"sku\":\"abc-123\",\"qty\":1}", 38)) + "]}");
    private static readonly byte[] ResponseBody = Encoding.UTF8.GetBytes("{\"id\":\"o-1\",\"status\":\"confirmed\",\"total\":{\"amount\":1234,\"currency\":\"EUR\"},\"confirmedAt\":\"2026-01-01T00:00:00Z\",\"lines\":38,\"note\":\"" + new string('x', 60) + "\"}");
    private static readonly ServiceIdentity Caller = new("orders-service", new HashSet<string> { "order.confirm" }, "tenant_789", "jti-1", DateTimeOffset.MaxValue);

    private readonly RequestDelegate _endpoint = static http =>
    {
        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.ContentType = "application/json";
        http.Response.Headers.Location = "/orders/o-1";
        return http.Response.Body.WriteAsync(ResponseBody).AsTask();
    };

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new();
    private IdempotencyFilter _filter = null!;
    private long _n;

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new IdempotencyOptions { MemoryMaxEntries = 100_000 });
        var store = new MemoryIdempotencyStore(options, _time, NullLogger<MemoryIdempotencyStore>.Instance);
        _filter = new IdempotencyFilter(store, options, NullLogger<IdempotencyFilter>.Instance);
        _filter.InvokeAsync(Request("replayed-key"), _endpoint).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task Endpoint_alone() => _endpoint(Request("k"));

    [Benchmark]
    public Task First_call()
    {
        // Every 50,000 keys the clock passes their lifetime, so the full store sweeps them: memory stays bounded.
        if (++_n % 50_000 == 0)
        {
            _time.Advance(TimeSpan.FromHours(25));
        }

        return _filter.InvokeAsync(Request("key-" + _n.ToString(System.Globalization.CultureInfo.InvariantCulture)), _endpoint);
    }

    [Benchmark]
    public Task Replay() => _filter.InvokeAsync(Request("replayed-key"), _endpoint);

    private static DefaultHttpContext Request(string key)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/orders/o-1:confirm";
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(RequestBody, writable: false);
        http.Request.Headers["Idempotency-Key"] = key;
        http.Response.Body = new MemoryStream();
        ServiceAuthContext.GetOrCreate(http).Service = Caller;
        return http;
    }
}
