using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Delegation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the checks of delegated user tokens (RFC 8693 <c>act</c> chains; part of <c>AddServiceAuth</c>, always on).</summary>
internal static class DelegationRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAuthOptions>, DelegationOptionsValidator>());
        services.TryAddSingleton<DelegationCheck>();
    }
}
