using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Client;
using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.Client;

/// <summary>
/// One GET through an IHttpClientFactory client with S2SAuth's handlers and a cached service token, against the
/// same client without them. Both end in the same in-memory transport (a static 200), so the difference is the
/// handlers' own cost: host check, correlation and request ids, token lookup and headers.
/// </summary>
[MemoryDiagnoser]
public class ClientHandlerBenchmarks
{
    private TestIssuer _issuer = null!;
    private ServiceProvider _provider = null!;
    private HttpClient _plain = null!;
    private HttpClient _serviceOnly = null!;
    private HttpClient _userScoped = null!;
    private HttpClient _exchanging = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _issuer = await OrdersClientSetup.StartIssuerAsync();
        var services = OrdersClientSetup.Services(_issuer);
        services.AddSingleton<IOutgoingCallContext>(new FixedContext(_issuer.UserToken("user_123", "orders-service", "tenant_789", ["pricing.resolve"]).Build()));
        var baseAddress = new Uri("https://pricing.internal/"); // plain HTTP off loopback would need an explicit http:// AllowedHosts entry
        services.AddHttpClient("plain", c => c.BaseAddress = baseAddress).ConfigurePrimaryHttpMessageHandler(() => new StaticOkHandler());
        services.AddHttpClient("service", c => c.BaseAddress = baseAddress).ConfigurePrimaryHttpMessageHandler(() => new StaticOkHandler())
            .PrimaryHandlerFollowsNoRedirects() // an in-memory transport: S2SAuth refuses handlers it cannot inspect unless told so
            .AddServiceTokenHandler(o =>
            {
                o.Audience = "pricing-service";
                o.Scopes.Add("pricing.resolve");
            });
        services.AddHttpClient("user", c => c.BaseAddress = baseAddress).ConfigurePrimaryHttpMessageHandler(() => new StaticOkHandler())
            .PrimaryHandlerFollowsNoRedirects()
            .AddServiceTokenHandler(o =>
            {
                o.Audience = "pricing-service";
                o.Scopes.Add("pricing.resolve");
                o.UserScoped = true;
            });
        services.AddHttpClient("exchange", c => c.BaseAddress = baseAddress).ConfigurePrimaryHttpMessageHandler(() => new StaticOkHandler())
            .PrimaryHandlerFollowsNoRedirects()
            .AddServiceTokenHandler(o =>
            {
                o.Audience = "pricing-service";
                o.Scopes.Add("pricing.resolve");
                o.UserScoped = true;
                o.UserToken = UserTokenMode.Exchange;
            });
        _provider = services.BuildServiceProvider();
        var factory = _provider.GetRequiredService<IHttpClientFactory>();
        _plain = factory.CreateClient("plain");
        _serviceOnly = factory.CreateClient("service");
        _userScoped = factory.CreateClient("user");
        _exchanging = factory.CreateClient("exchange");
        await WithoutHandlerAsync();
        await WithHandlerAsync(); // acquires and caches the token
        await WithHandlerUserScopedAsync();
        await WithHandlerExchangedAsync(); // exchanges the user token once and caches the result
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _provider.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "GET without S2SAuth")]
    public async Task<HttpStatusCode> WithoutHandlerAsync()
    {
        using var response = await _plain.GetAsync("prices");
        return response.StatusCode;
    }

    [Benchmark(Description = "GET with S2SAuth, cached token")]
    public async Task<HttpStatusCode> WithHandlerAsync()
    {
        using var response = await _serviceOnly.GetAsync("prices");
        return response.StatusCode;
    }

    [Benchmark(Description = "GET with S2SAuth, cached token, user-scoped")]
    public async Task<HttpStatusCode> WithHandlerUserScopedAsync()
    {
        using var response = await _userScoped.GetAsync("prices");
        return response.StatusCode;
    }

    [Benchmark(Description = "GET with S2SAuth, cached token, user-scoped, exchanged token cached")]
    public async Task<HttpStatusCode> WithHandlerExchangedAsync()
    {
        using var response = await _exchanging.GetAsync("prices");
        return response.StatusCode;
    }

    private sealed class StaticOkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }

    private sealed class FixedContext(string userToken) : IOutgoingCallContext
    {
        public string? UserToken => userToken;

        public string? CorrelationId => "bench-correlation";
    }
}
