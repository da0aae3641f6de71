using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Testing;

namespace S2SAuth.Client.Tests.Signing;

/// <summary>Containers of a service whose HttpClient "peer" signs its requests: configuration, Trace logs captured, a fake clock.</summary>
public sealed class SigningClients : IAsyncDisposable
{
    public const string ClientName = "peer";
    private readonly List<ServiceProvider> _providers = [];

    public SigningClients(DateTimeOffset? start = null) => Time = new(start ?? DateTimeOffset.UtcNow);

    public FakeTimeProvider Time { get; }

    public LogCapture Logs { get; } = new();

    public ServiceProvider Services => _providers[^1];

    public IServiceCollection NewServices(IDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        return services;
    }

    /// <summary>A signing client on <paramref name="baseUri"/>; <paramref name="builder"/> adds handlers around it.</summary>
    public HttpClient Create(Uri baseUri, IDictionary<string, string?> settings, Action<RequestSigningOptions>? configure = null, Action<IHttpClientBuilder>? builder = null)
    {
        var services = NewServices(settings);
        var client = services.AddHttpClient(ClientName, c => c.BaseAddress = baseUri).AddRequestSigning(configure);
        builder?.Invoke(client);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _providers.Add(provider);
        return provider.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        Logs.Dispose();
    }
}
