using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth.ApiKeys;
using S2SAuth.Authentication;
using S2SAuth.Revocation;
using S2SAuth.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers API keys (part of <c>AddServiceAuth</c>): options from <c>ServiceAuth:ApiKeys</c>, the key store and the credential reader. Inert while no key is configured.</summary>
internal static class ApiKeyRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>()
            .Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(ApiKeyOptions.SectionName).Bind(o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<ApiKeyMetrics>();
        services.TryAddSingleton<ApiKeyStore>();
        services.AddHostedService(static sp => sp.GetRequiredService<ApiKeyStore>());
        services.TryAddSingleton<ApiKeyRevocations>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationObserver, ApiKeyRevocations>(static sp => sp.GetRequiredService<ApiKeyRevocations>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceCredentialReader, ApiKeyReader>());
    }
}
