using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.ForwardedCertificates;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the forwarded-certificate reader and its start-up checks (part of <c>AddServiceAuth</c>).</summary>
internal static class ForwardedCertificateRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAuthOptions>, ForwardedCertificateOptionsValidator>());
        services.TryAddSingleton<ForwardedCertificateReader>();
        services.TryAddSingleton<IConnectionIdentity, ConnectionCertificateIdentity>();
    }
}
