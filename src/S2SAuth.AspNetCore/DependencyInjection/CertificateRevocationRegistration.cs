using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.CertificateRevocation;
using S2SAuth.Certificates;
using S2SAuth.Client.Protocol;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the certificate revocation lists (<c>ServiceAuth:Certificates:RevocationLists</c>): the in-memory
/// <see cref="ICertificateRevocationSource"/>, its background refresher and the start-up checks. With no list
/// configured, the source answers every check with "not revoked" and the refresher does nothing.
/// </summary>
internal static class CertificateRevocationRegistration
{
    internal static void AddCertificateRevocationLists(IServiceCollection services)
    {
        services.TryAddSingleton<CertificateRevocationLists>();
        services.TryAddSingleton<ICertificateRevocationSource>(sp => sp.GetRequiredService<CertificateRevocationLists>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAuthOptions>, RevocationListOptionsValidator>());
        services.AddHttpClient(RevocationListRefresher.HttpClientName, static (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<ServiceAuthOptions>>().Value.MetadataTimeout;
            client.MaxResponseContentBufferSize = RevocationListReader.MaxSize;
        });
        ProtocolClientRedirects.Refuse(services, RevocationListRefresher.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RevocationListRefresher>());
    }
}
