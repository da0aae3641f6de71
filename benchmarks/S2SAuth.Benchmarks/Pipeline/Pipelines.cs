using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.Pipeline;

/// <summary>
/// The three servers of the load test as in-process middleware pipelines (routing, the auth middleware, a minimal-API
/// <c>GET /work</c>), with audit at Information to a discarding provider (through S2SAuth's background writer, the
/// default) and a live metrics listener.
/// </summary>
public sealed class Pipelines : IAsyncDisposable
{
    private Pipelines(TestIssuer issuer, MetricsListener metrics, string serviceToken, string bearer)
    {
        Issuer = issuer;
        Metrics = metrics;
        ServiceToken = serviceToken;
        Bearer = bearer;
        NoAuth = Build(_ => { }, _ => { }, _ => { });
        JwtBearer = Build(services => StockJwtBearer.Add(services, issuer.Authority), app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }, endpoint => endpoint.RequireAuthorization(StockJwtBearer.Policy));
        S2SAuth = Build(services => services.AddServiceAuth(o =>
        {
            o.Authority = issuer.Authority;
            o.Audience = BenchTokens.Audience;
            o.RequireHttpsMetadata = false;
        }), app => app.UseServiceAuth(), endpoint => endpoint.RequireActivity(BenchTokens.Activity));
    }

    public TestIssuer Issuer { get; }

    public MetricsListener Metrics { get; }

    public string ServiceToken { get; }

    public string Bearer { get; }

    public Server NoAuth { get; }

    public Server JwtBearer { get; }

    public Server S2SAuth { get; }

    public static async Task<Pipelines> StartAsync()
    {
        var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TokenLifetime = TimeSpan.FromHours(1) });
        var pipelines = new Pipelines(issuer, new MetricsListener(), BenchTokens.Service(issuer), "Bearer " + BenchTokens.User(issuer));
        foreach (var server in new[] { pipelines.NoAuth, pipelines.JwtBearer, pipelines.S2SAuth })
        {
            if (await pipelines.SendAsync(server) != StatusCodes.Status200OK)
            {
                throw new InvalidOperationException("every pipeline must answer 200");
            }
        }

        return pipelines;
    }

    /// <summary>One request with both tokens; the status code.</summary>
    public Task<int> SendAsync(Server server) => SendAsync(server, ServiceToken, Bearer);

    /// <summary>One <c>GET /work</c> with <paramref name="serviceToken"/> and <paramref name="bearer"/> (the whole Authorization value); the status code.</summary>
    internal static async Task<int> SendAsync(Server server, string serviceToken, string bearer)
    {
        var http = new DefaultHttpContext { ServiceScopeFactory = server.ScopeFactory };
        http.Request.Method = "GET";
        http.Request.Path = "/work";
        http.Request.Headers["X-Service-Token"] = serviceToken;
        http.Request.Headers.Authorization = bearer;
        await server.Pipeline(http);
        if (http.Features.Get<IServiceProvidersFeature>() is IAsyncDisposable scope)
        {
            await scope.DisposeAsync();
        }

        return http.Response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await NoAuth.Services.DisposeAsync();
        await JwtBearer.Services.DisposeAsync();
        await S2SAuth.Services.DisposeAsync();
        Metrics.Dispose();
        await Issuer.DisposeAsync();
    }

    internal static Server Build(Action<IServiceCollection> services, Action<IApplicationBuilder> middleware, Action<IEndpointConventionBuilder> endpoint)
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

        // As a host would: S2SAuth's background audit writer (and key refresh) are hosted services. Without them the
        // audit queue would fill and every request would wait for it.
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            hosted.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        var app = new ApplicationBuilder(provider);
        app.UseRouting();
        middleware(app);
        app.UseEndpoints(e => endpoint(e.MapGet("/work", () => "ok")));
        return new Server(provider, provider.GetRequiredService<IServiceScopeFactory>(), app.Build());
    }

    /// <summary>One server: its services and its request pipeline.</summary>
    public sealed record Server(ServiceProvider Services, IServiceScopeFactory ScopeFactory, RequestDelegate Pipeline);
}
