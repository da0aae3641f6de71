using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Authorization;
using S2SAuth.Client.Protocol;
using S2SAuth.Introspection;
using S2SAuth.Revocation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Central verification (RFC 7662 token introspection), chained onto <c>AddServiceAuth(...)</c>.</summary>
public static class IntrospectionServiceAuthBuilderExtensions
{
    /// <summary>
    /// Adds central verification: endpoints marked <c>.RequireLiveCheck()</c> / <c>[RequireLiveCheck]</c>, and those that
    /// require an activity listed in <c>ServiceAuth:Introspection:Activities</c>, accept a locally verified token only
    /// when the issuer's introspection endpoint says it is active. Options are bound from <c>ServiceAuth:Introspection</c>,
    /// then <paramref name="configure"/>, and checked at start-up (this service's <c>ServiceAuth:ClientId</c> and
    /// <c>ServiceAuth:ClientSecret</c> are required: introspection is asked with them). Answers are cached briefly
    /// (<see cref="IntrospectionOptions.CacheDuration"/>) and dropped when a token or subject is revoked.
    /// </summary>
    public static ServiceAuthBuilder AddIntrospection(this ServiceAuthBuilder builder, Action<IntrospectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<IntrospectionOptions>()
            .Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(IntrospectionOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntrospectionOptions>, IntrospectionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IntrospectionEndpointResolver>();
        services.TryAddSingleton<ITokenIntrospector, IntrospectionClient>();
        services.TryAddSingleton<IntrospectionCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationObserver, IntrospectionCache>(static sp => sp.GetRequiredService<IntrospectionCache>()));
        services.TryAddSingleton(new EndpointActivities(static endpoint =>
            endpoint.Metadata.GetOrderedMetadata<IActivityDeclaration>().Select(static a => a.Activity)));
        services.TryAddSingleton<LiveCheck>();
        services.TryAddSingleton<ReferenceTokenVerifier>();
        services.AddHttpClient(IntrospectionClient.HttpClientName, static (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<IntrospectionOptions>>().Value.Timeout;
            client.MaxResponseContentBufferSize = 64 * 1024;
        });
        ProtocolClientRedirects.Refuse(services, IntrospectionClient.HttpClientName);
        return builder;
    }
}
