using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using S2SAuth.Client;
using S2SAuth.Client.Certificates;
using S2SAuth.Client.Configuration;
using S2SAuth.Client.Exchange;
using S2SAuth.Client.Protocol;
using S2SAuth.Client.Telemetry;
using S2SAuth.Client.Tokens;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers how this service gets its own service token for outgoing calls.</summary>
public static class ServiceTokenClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds token acquisition (client credentials) and its cache, bound from the <c>ServiceAuth</c> section of
    /// <paramref name="configuration"/> (the root configuration or that section itself), then adjusted by
    /// <paramref name="configure"/>. Safe to call more than once; a configuration is bound once. Options are checked
    /// at start-up, and <c>ClientId</c>/<c>ClientSecret</c> are required only once some HttpClient uses
    /// <c>AddServiceTokenHandler</c>, which calls this method itself.
    /// </summary>
    public static IServiceCollection AddServiceTokenClient(this IServiceCollection services, IConfiguration? configuration = null, Action<ServiceTokenClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registry = ServiceTokenClientRegistry.Find(services);
        var options = services.AddOptions<ServiceTokenClientOptions>();
        if (registry is null)
        {
            registry = new ServiceTokenClientRegistry();
            services.AddSingleton(registry);
            AddCore(services, options);
        }

        if (configuration is not null && registry.BoundConfigurations.Add(configuration))
        {
            options.Bind(configuration is IConfigurationSection { Key: ServiceTokenClientOptions.SectionName } section
                ? section
                : configuration.GetSection(ServiceTokenClientOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services;
    }

    private static void AddCore(IServiceCollection services, OptionsBuilder<ServiceTokenClientOptions> options)
    {
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceTokenClientOptions>, ServiceTokenClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ClientMetrics>();
        services.TryAddSingleton<TokenEndpointResolver>();
        services.TryAddSingleton<IServiceTokenSource, ClientCredentialsTokenSource>();
        services.TryAddSingleton<ServiceTokenCache>();
        services.TryAddSingleton<TokenExchangeSource>();
        services.TryAddSingleton<ExchangedTokenCache>();
        services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName, static (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptionsMonitor<ServiceTokenClientOptions>>().CurrentValue.TokenRequestTimeout;
            client.MaxResponseContentBufferSize = 1024 * 1024;
        });
        services.PostConfigure<HttpClientFactoryOptions>(ClientCredentialsTokenSource.HttpClientName, SensitiveHeaderRedaction.Apply);
        services.TryAddSingleton<ClientCertificateSource>();
        services.PostConfigure<HttpClientFactoryOptions>(ClientCredentialsTokenSource.HttpClientName,
            static o => o.HttpMessageHandlerBuilderActions.Add(ClientCertificateTransport.ApplyForTokenRequests));
        ProtocolClientRedirects.Refuse(services, ClientCredentialsTokenSource.HttpClientName);
    }
}
