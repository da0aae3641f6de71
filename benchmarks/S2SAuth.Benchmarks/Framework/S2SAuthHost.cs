using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.Framework;

/// <summary>
/// S2SAuth's services as <c>AddServiceAuth()</c> registers them, against a real loopback <see cref="TestIssuer"/>, with
/// audit (Information, to a discarding provider) and metrics (a live listener) on, plus one request of a
/// <c>GET /work</c> endpoint declared with <c>RequireActivity("order.confirm")</c>, carrying a service and a user token.
/// </summary>
public sealed class S2SAuthHost : IAsyncDisposable
{
    private S2SAuthHost(TestIssuer issuer, ServiceProvider services, MetricsListener metrics, string serviceToken, string userToken)
    {
        Issuer = issuer;
        Services = services;
        Metrics = metrics;
        ServiceToken = serviceToken;
        UserToken = userToken;
        Endpoint = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/work"), 0,
            new EndpointMetadataCollection(new RequireActivityAttribute(BenchTokens.Activity), new HttpMethodMetadata(["GET"])), "work");
        Http = NewRequest();
    }

    public TestIssuer Issuer { get; }

    public ServiceProvider Services { get; }

    public MetricsListener Metrics { get; }

    public string ServiceToken { get; }

    public string UserToken { get; }

    public Endpoint Endpoint { get; }

    /// <summary>One request, reused by the benchmarks (as Kestrel reuses its contexts).</summary>
    public DefaultHttpContext Http { get; }

    public static async Task<S2SAuthHost> StartAsync(string algorithm, Action<ServiceAuthBuilder>? features = null)
    {
        var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { Algorithm = algorithm, TokenLifetime = TimeSpan.FromHours(1) });
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddFilter("S2SAuth", LogLevel.Information)
            .AddProvider(new DiscardingLoggerProvider()));
        var serviceAuth = services.AddServiceAuth(o =>
        {
            o.Authority = issuer.Authority;
            o.Audience = BenchTokens.Audience;
            o.RequireHttpsMetadata = false;
        });
        features?.Invoke(serviceAuth);
        var metrics = new MetricsListener();
        return new S2SAuthHost(issuer, services.BuildServiceProvider(), metrics, BenchTokens.Service(issuer), BenchTokens.User(issuer));
    }

    public DefaultHttpContext NewRequest()
    {
        var http = new DefaultHttpContext { RequestServices = Services };
        http.Request.Method = "GET";
        http.Request.Path = "/work";
        http.Request.Headers["X-Service-Token"] = ServiceToken;
        http.Request.Headers.Authorization = "Bearer " + UserToken;
        http.SetEndpoint(Endpoint);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        await Services.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
