using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Client.Protocol;
using S2SAuth.Rbac;
using S2SAuth.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the remote RBAC service as the <see cref="IPermissionSource"/> of <c>RequireActivity</c>.</summary>
public static class RemotePermissionServiceCollectionExtensions
{
    /// <summary>
    /// Asks a remote RBAC service whether a user holds an activity the user token does not grant, with answers cached
    /// for <see cref="RemotePermissionOptions.CacheDuration"/>. Options are bound from <c>ServiceAuth:RemotePermissions</c>,
    /// then <paramref name="configure"/>. Returns the named <see cref="HttpClient"/>'s builder: add the service's own
    /// token to the calls with S2SAuth.Client's <c>AddServiceTokenHandler(...)</c>, or resilience handlers.
    /// </summary>
    public static IHttpClientBuilder AddRemotePermissions(this IServiceCollection services, Action<RemotePermissionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RemotePermissionOptions>()
            .Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(RemotePermissionOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RemotePermissionOptions>, RemotePermissionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<CacheMetrics>();
        services.TryAddSingleton<HttpPermissionSource>();
        services.Replace(ServiceDescriptor.Singleton<IPermissionSource>(static sp => sp.GetRequiredService<HttpPermissionSource>()));
        ProtocolClientRedirects.Refuse(services, HttpPermissionSource.HttpClientName);
        return services.AddHttpClient(HttpPermissionSource.HttpClientName, static (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<RemotePermissionOptions>>().Value.Timeout;
            client.MaxResponseContentBufferSize = 64 * 1024;
        });
    }
}
