using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace S2SAuth.Spiffe;

/// <summary>Registers JWT-SVID verification (part of <c>AddServiceAuth</c>); inert while <c>ServiceAuth:Spiffe:JwtBundles</c> is empty.</summary>
internal static class SpiffeJwtRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAuthOptions>, SpiffeJwtOptionsValidator>());
        services.TryAddSingleton<SpiffeBundleSource>();
        services.TryAddSingleton<SpiffeJwtVerifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, SpiffeBundleRefresher>());
    }
}
