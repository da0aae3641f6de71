using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.Pipeline;

/// <summary>
/// What S2SAuth's telemetry costs on the request path: the same S2SAuth pipeline (<c>GET /work</c>, both tokens cached,
/// <c>RequireActivity</c>, audit on) with nothing listening; with its metrics collected (a <see cref="MeterListener"/> on
/// this server's meters only, as an exporter would); and with its metrics collected and the request traced (a sampled
/// request span around each request, as ASP.NET Core's hosting makes under an OpenTelemetry tracer, and a listener on the
/// <c>S2SAuth</c> source). A cache hit starts no S2SAuth span; what remains is the correlation-id tag on the request span
/// and the counters. Two identical servers, so one run measures all three side by side.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private static readonly ActivitySource RequestSource = new("S2SAuth.Benchmarks.Hosting");

    private TestIssuer _issuer = null!;
    private Pipelines.Server _quiet = null!;
    private Pipelines.Server _observed = null!;
    private MeterListener _meters = null!;
    private ActivityListener _traces = null!;
    private string _serviceToken = null!;
    private string _bearer = null!;
    private long _measurements;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TokenLifetime = TimeSpan.FromHours(1) });
        _serviceToken = BenchTokens.Service(_issuer);
        _bearer = "Bearer " + BenchTokens.User(_issuer);
        _quiet = Server();
        _observed = Server();
        var observedMeters = _observed.Services.GetRequiredService<IMeterFactory>();
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, observedMeters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.Start();
        _traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ServiceAuthTelemetry.ActivitySourceName || source == RequestSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_traces);
        foreach (var send in new Func<Task<int>>[] { QuietAsync, MetricsAsync, MetricsAndTraceAsync })
        {
            if (await send() != 200)
            {
                throw new InvalidOperationException("every variant must answer 200");
            }
        }

        if (Interlocked.Read(ref _measurements) == 0)
        {
            throw new InvalidOperationException("the observed server recorded no measurement: the listener sees nothing");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _traces.Dispose();
        _meters.Dispose();
        await _quiet.Services.DisposeAsync();
        await _observed.Services.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "S2SAuth request, no telemetry listener")]
    public Task<int> QuietAsync() => Pipelines.SendAsync(_quiet, _serviceToken, _bearer);

    [Benchmark(Description = "S2SAuth request, metrics collected")]
    public Task<int> MetricsAsync() => Pipelines.SendAsync(_observed, _serviceToken, _bearer);

    [Benchmark(Description = "S2SAuth request, metrics collected, request traced")]
    public async Task<int> MetricsAndTraceAsync()
    {
        using var request = RequestSource.StartActivity("GET /work", ActivityKind.Server);
        return await Pipelines.SendAsync(_observed, _serviceToken, _bearer);
    }

    private Pipelines.Server Server() => Pipelines.Build(services => services.AddServiceAuth(o =>
    {
        o.Authority = _issuer.Authority;
        o.Audience = BenchTokens.Audience;
        o.RequireHttpsMetadata = false;
    }), app => app.UseServiceAuth(), endpoint => endpoint.RequireActivity(BenchTokens.Activity));
}
