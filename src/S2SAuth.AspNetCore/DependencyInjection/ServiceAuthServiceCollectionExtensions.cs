using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Authentication;
using S2SAuth.Authorization;
using S2SAuth.Caching;
using S2SAuth.Certificates;
using S2SAuth.Client;
using S2SAuth.Client.Protocol;
using S2SAuth.Configuration;
using S2SAuth.Http;
using S2SAuth.Keys;
using S2SAuth.Spiffe;
using S2SAuth.Telemetry;
using S2SAuth.Verification;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers S2SAuth in a service's container.</summary>
public static class ServiceAuthServiceCollectionExtensions
{
    /// <summary>
    /// Adds S2SAuth, bound from the <c>ServiceAuth</c> section of <paramref name="configuration"/> (the root
    /// configuration, or that section itself). Every endpoint then needs verified identities unless marked
    /// <c>AllowAnonymous()</c>. Options are checked at start-up. Outgoing clients (<c>AddServiceTokenHandler</c>) read
    /// the same section. Returns a builder that S2SAuth's features chain onto.
    /// </summary>
    public static ServiceAuthBuilder AddServiceAuth(this IServiceCollection services, IConfiguration configuration) =>
        AddServiceAuth(services, configuration, configure: null);

    /// <summary>Adds S2SAuth configured in code only.</summary>
    public static ServiceAuthBuilder AddServiceAuth(this IServiceCollection services, Action<ServiceAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddServiceAuth(services, configuration: null, configure);
    }

    /// <summary>Adds S2SAuth bound from configuration, then adjusted by <paramref name="configure"/>.</summary>
    public static ServiceAuthBuilder AddServiceAuth(this IServiceCollection services, IConfiguration? configuration, Action<ServiceAuthOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new ServiceAuthBuilder(services);
        var options = services.AddOptions<ServiceAuthOptions>();
        var section = configuration is null or IConfigurationSection { Key: ServiceAuthOptions.SectionName }
            ? configuration
            : configuration.GetSection(ServiceAuthOptions.SectionName);
        if (section is not null)
        {
            options.Bind(section);

            // Outgoing calls (AddServiceTokenHandler) read the same section: Authority, ClientId, ClientSecret and the
            // client's own keys. Settings made in code reach them through OutgoingSettingsFromServiceAuth.
            services.AddOptions<ServiceTokenClientOptions>().Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ServiceTokenClientOptions>, OutgoingSettingsFromServiceAuth>());
        if (services.Any(d => d.ServiceType == typeof(ServiceAuthMarker)))
        {
            return builder;
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
        services.TryAddSingleton<CachedTokenVerifier>();
        services.TryAddSingleton<RequestAuthenticator>();
        services.TryAddSingleton<ServiceIdMapper>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAuthOptions>, CertificateOptionsValidator>());
        services.TryAddSingleton<TrustBundle>();
        services.AddHostedService<TrustBundleLoader>();
        services.TryAddSingleton<CertificateValidator>();
        services.TryAddSingleton<CertificateIdentityCache>();
        services.TryAddSingleton<ServiceCredentials>();
        ForwardedCertificateRegistration.Add(services);
        SpiffeJwtRegistration.Add(services); // JWT-SVIDs as service tokens: bundles, verifier, refresher, option checks
        CertificateRevocationRegistration.AddCertificateRevocationLists(services);
        ReplayRegistration.Add(services); // one-time values (webhook event ids, signature nonces): memory by default
        SignedRequestRegistration.Add(services); // HTTP message signatures (RFC 9421) as a service credential; inert without keys
        WebhookRegistration.Add(services); // RequireWebhookSignature: providers from ServiceAuth:Webhooks, verified before the endpoint
        ApiKeyRegistration.Add(services); // API keys (ServiceAuth:ApiKeys): hashed keys, the credential reader; inert without keys
        DelegationRegistration.Add(services); // RFC 8693 act chains: the caller must be the most recent actor (ServiceAuth:Delegation)
        services.TryAddSingleton<ProblemResponder>();
        services.AddMetrics();
        services.TryAddSingleton<SigningKeyMetrics>();
        services.TryAddSingleton<RefusalMetrics>(); // s2sauth.refusals, the cache hit ratios and the replays (issue 18)
        services.TryAddSingleton<CacheMetrics>();
        services.TryAddSingleton<ReplayMetrics>();
        services.AddHttpContextAccessor();
        services.TryAddSingleton<IOutgoingCallContext, HttpContextOutgoingCallContext>();

        services.AddAuthentication(ServiceAuthDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ServiceAuthHandler>(ServiceAuthDefaults.AuthenticationScheme, displayName: "S2SAuth", configureOptions: null);
        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AuthorizationOptions>, ConfigureAuthorization>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, ServiceAuthResultHandler>());
        ActivityAuthorizationRegistration.Add(services);
        return builder;
    }
}

/// <summary>Marks that <c>AddServiceAuth</c> ran, so it registers once and <c>UseServiceAuth</c> can check it.</summary>
internal sealed class ServiceAuthMarker;
