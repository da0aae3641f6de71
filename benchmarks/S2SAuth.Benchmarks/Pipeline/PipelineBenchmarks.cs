using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.Pipeline;

/// <summary>
/// One <c>GET /work</c> request through a real ASP.NET Core middleware pipeline (routing, the auth middleware, a minimal-API
/// endpoint), in process and without sockets, for the three servers of the load test: no auth; stock JwtBearer with two
/// schemes and a policy; S2SAuth with <c>RequireActivity</c>. The same tokens every time, audit and metrics on.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private TestIssuer _issuer = null!;
    private MetricsListener _metrics = null!;
    private string _serviceToken = null!;
    private string _bearer = null!;
    private (ServiceProvider Services, RequestDelegate Pipeline) _noAuth;
    private (ServiceProvider Services, RequestDelegate Pipeline) _jwtBearer;
    private (ServiceProvider Services, RequestDelegate Pipeline) _s2sAuth;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TokenLifetime = TimeSpan.FromHours(1) });
        _metrics = new MetricsListener();
        _serviceToken = BenchTokens.Service(_issuer);
        _bearer = "Bearer " + BenchTokens.User(_issuer);
        _noAuth = Build(_ => { }, _ => { }, _ => { });
        _jwtBearer = Build(services => StockJwtBearer.Add(services, _issuer.Authority), app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }, endpoint => endpoint.RequireAuthorization(StockJwtBearer.Policy));
        _s2sAuth = Build(services => services.AddServiceAuth(o =>
        {
            o.Authority = _issuer.Authority;
            o.Audience = BenchTokens.Audience;
            o.RequireHttpsMetadata = false;
        }), app => app.UseServiceAuth(), endpoint => endpoint.RequireActivity(BenchTokens.Activity));
        foreach (var run in new[] { NoAuthAsync, JwtBearerAsync, S2SAuthAsync })
        {
            if (await run() != StatusCodes.Status200OK)
            {
                throw new InvalidOperationException("every pipeline must answer 200");
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _noAuth.Services.DisposeAsync();
        await _jwtBearer.Services.DisposeAsync();
        await _s2sAuth.Services.DisposeAsync();
        _metrics.Dispose();
        await _issuer.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "pipeline: no auth")]
    public Task<int> NoAuthAsync() => SendAsync(_noAuth);

    [Benchmark(Description = "pipeline: stock JwtBearer, two schemes + policy")]
    public Task<int> JwtBearerAsync() => SendAsync(_jwtBearer);

    [Benchmark(Description = "pipeline: S2SAuth + RequireActivity")]
    public Task<int> S2SAuthAsync() => SendAsync(_s2sAuth);

    private async Task<int> SendAsync((ServiceProvider Services, RequestDelegate Pipeline) server)
    {
        var http = new DefaultHttpContext { ServiceScopeFactory = server.Services.GetRequiredService<Microsoft.Extensions.DependencyInjection.IServiceScopeFactory>() };
        http.Request.Method = "GET";
        http.Request.Path = "/work";
        http.Request.Headers["X-Service-Token"] = _serviceToken;
        http.Request.Headers.Authorization = _bearer;
        await server.Pipeline(http);
        if (http.Features.Get<IServiceProvidersFeature>() is IAsyncDisposable scope)
        {
            await scope.DisposeAsync();
        }

        return http.Response.StatusCode;
    }

    private static (ServiceProvider, RequestDelegate) Build(Action<IServiceCollection> services, Action<IApplicationBuilder> middleware, Action<IEndpointConventionBuilder> endpoint)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddFilter("S2SAuth", LogLevel.Information)
            .AddProvider(new DiscardingLoggerProvider()));
        var diagnostics = new DiagnosticListener("Microsoft.AspNetCore");
        collection.AddSingleton(diagnostics);
        collection.AddSingleton<DiagnosticSource>(diagnostics);
        collection.AddRouting();
        services(collection);
        var provider = collection.BuildServiceProvider();
        var app = new ApplicationBuilder(provider);
        app.UseRouting();
        middleware(app);
        app.UseEndpoints(e => endpoint(e.MapGet("/work", () => "ok")));
        return (provider, app.Build());
    }
}
