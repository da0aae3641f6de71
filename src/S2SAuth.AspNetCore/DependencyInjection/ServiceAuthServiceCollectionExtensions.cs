using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Authentication;
using S2SAuth.Authorization;
using S2SAuth.Caching;
using S2SAuth.Client;
using S2SAuth.Client.Protocol;
using S2SAuth.Configuration;
using S2SAuth.Http;
using S2SAuth.Keys;
using S2SAuth.Telemetry;
using S2SAuth.Verification;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers S2SAuth in a service's container.</summary>
public static class ServiceAuthServiceCollectionExtensions
{
    /// <summary>
    /// Adds S2SAuth, bound from the <c>ServiceAuth</c> section of <paramref name="configuration"/> (the root
    /// configuration, or that section itself). Every endpoint then needs verified identities unless marked
    /// <c>AllowAnonymous()</c>. Options are checked at start-up.
    /// </summary>
    public static IServiceCollection AddServiceAuth(this IServiceCollection services, IConfiguration configuration) =>
        AddServiceAuth(services, configuration, configure: null);

    /// <summary>Adds S2SAuth configured in code only.</summary>
    public static IServiceCollection AddServiceAuth(this IServiceCollection services, Action<ServiceAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddServiceAuth(services, configuration: null, configure);
    }

    /// <summary>Adds S2SAuth bound from configuration, then adjusted by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddServiceAuth(this IServiceCollection services, IConfiguration? configuration, Action<ServiceAuthOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ServiceAuthOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration is IConfigurationSection { Key: ServiceAuthOptions.SectionName } section
                ? section
                : configuration.GetSection(ServiceAuthOptions.SectionName));
        }

        // Outgoing calls share the section (Authority, ClientId, ClientSecret): bound by AddServiceTokenClient itself.
        services.AddServiceTokenClient(configuration);
        if (configure is not null)
        {
            options.Configure(configure);

            // Settings made in code flow over too. Read from a scratch copy rather than IOptions<ServiceAuthOptions>,
            // so a bad ServiceAuth setting is reported once, by its own validation.
            services.AddOptions<ServiceTokenClientOptions>().Configure(client =>
            {
                var shared = new ServiceAuthOptions();
                configure(shared);
                if (shared.Authority is not null && client.Authority is null)
                {
                    client.Authority = shared.Authority;
                    client.RequireHttpsMetadata = shared.RequireHttpsMetadata;
                }

                client.ClientId ??= shared.ClientId;
                client.ClientSecret ??= shared.ClientSecret;
            });
        }

        if (services.Any(d => d.ServiceType == typeof(ServiceAuthMarker)))
        {
            return services;
        }

        services.AddSingleton<ServiceAuthMarker>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAuthOptions>, ServiceAuthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SigningKeyCache.HttpClientName, static (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<ServiceAuthOptions>>().Value.MetadataTimeout;
            client.MaxResponseContentBufferSize = 1024 * 1024;
        });
        ProtocolClientRedirects.Refuse(services, SigningKeyCache.HttpClientName);
        services.TryAddSingleton<SigningKeyCache>();
        services.TryAddSingleton<VerifiedTokenCache>();
        services.TryAddSingleton<TokenVerifier>();
        services.TryAddSingleton<RequestAuthenticator>();
        services.TryAddSingleton<ProblemResponder>();
        services.AddMetrics();
        services.TryAddSingleton<SigningKeyMetrics>();
        services.AddHttpContextAccessor();
        services.TryAddSingleton<IOutgoingCallContext, HttpContextOutgoingCallContext>();

        services.AddAuthentication(ServiceAuthDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ServiceAuthHandler>(ServiceAuthDefaults.AuthenticationScheme, displayName: "S2SAuth", configureOptions: null);
        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AuthorizationOptions>, ConfigureAuthorization>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, ServiceAuthResultHandler>());
        services.AddActivityAuthorization();

        return services;
    }
}

/// <summary>Marks that <c>AddServiceAuth</c> ran, so it registers once and <c>UseServiceAuth</c> can check it.</summary>
internal sealed class ServiceAuthMarker;
