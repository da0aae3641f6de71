using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Testing;

namespace S2SAuth.Client.Tests.Framework;

/// <summary>
/// A real issuer and a real downstream on loopback, a fake clock shared by the issuer and the client, captured
/// logs at Trace, and a container with S2SAuth's client registered against them.
/// </summary>
public sealed class ClientHarness : IAsyncDisposable
{
    public const string ClientId = "orders-service";
    public const string Secret = "orders-secret-7f3a9c1e5b2d";
    public const string Audience = "pricing-service";
    public const string Scope = "pricing.resolve";
    public const string ClientName = "pricing";

    private readonly List<ServiceProvider> _providers = [];

    private ClientHarness(TestIssuer issuer, Downstream downstream, FakeTimeProvider time)
    {
        Issuer = issuer;
        Downstream = downstream;
        Time = time;
    }

    public TestIssuer Issuer { get; }

    public Downstream Downstream { get; }

    public FakeTimeProvider Time { get; }

    public LogCapture Logs { get; } = new();

    public TestCallContext Context { get; } = new();

    public ServiceProvider Services => _providers[^1];

    public static async Task<ClientHarness> StartAsync(TimeSpan? tokenLifetime = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TimeProvider = time, TokenLifetime = tokenLifetime ?? TimeSpan.FromMinutes(5) });
        issuer.AddClient(ClientId, Secret, Scope, "billing.charge", "pricing.read");
        return new ClientHarness(issuer, await Downstream.StartAsync(), time);
    }

    /// <summary>The container a service would have: configuration, logging at Trace, the fake clock and the call context.</summary>
    public IServiceCollection NewServices(IDictionary<string, string?>? settings = null, bool registerContext = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = Issuer.Authority,
            ["ServiceAuth:ClientId"] = ClientId,
            ["ServiceAuth:ClientSecret"] = Secret,
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        if (registerContext)
        {
            services.AddSingleton<IOutgoingCallContext>(Context);
        }

        services.AddServiceTokenClient(configuration);
        return services;
    }

    /// <summary>Builds (and keeps for disposal) a provider.</summary>
    public ServiceProvider Build(IServiceCollection services)
    {
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>A client named <see cref="ClientName"/> on the downstream with the pricing audience and scope.</summary>
    public HttpClient CreateClient(Action<ServiceTokenHandlerOptions>? configure = null, Action<IHttpClientBuilder>? builder = null,
        IDictionary<string, string?>? settings = null, bool registerContext = true)
    {
        var services = NewServices(settings, registerContext);
        var client = services.AddHttpClient(ClientName, c => c.BaseAddress = Downstream.BaseUri).AddServiceTokenHandler(o =>
        {
            o.Audience = Audience;
            o.Scopes.Add(Scope);
            configure?.Invoke(o);
        });
        builder?.Invoke(client);
        return Build(services).GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await Downstream.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
