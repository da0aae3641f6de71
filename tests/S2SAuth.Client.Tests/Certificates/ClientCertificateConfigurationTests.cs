using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace S2SAuth.Client.Tests.Certificates;

/// <summary>A service using <c>AddServiceAuth</c> sets its outgoing certificate in the same <c>ServiceAuth</c> section.</summary>
public sealed class ClientCertificateConfigurationTests
{
    [Fact]
    public void ServiceAuth_ClientCertificate_reaches_the_outgoing_client_through_AddServiceAuth()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = "https://auth.internal.example",
            ["ServiceAuth:Audience"] = "orders-service",
            ["ServiceAuth:ClientId"] = "orders-service",
            ["ServiceAuth:ClientAuthentication"] = "TlsClientAuth",
            ["ServiceAuth:ClientCertificate:CertificatePath"] = "/var/run/secrets/svid/svid.pem",
            ["ServiceAuth:ClientCertificate:KeyPath"] = "/var/run/secrets/svid/svid_key.pem",
            ["ServiceAuth:ClientCertificate:ReloadInterval"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServiceAuth(configuration);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IOptions<ServiceTokenClientOptions>>().Value;

        Assert.Equal(ClientAuthenticationMethod.TlsClientAuth, client.ClientAuthentication);
        Assert.Equal("/var/run/secrets/svid/svid.pem", client.ClientCertificate.CertificatePath);
        Assert.Equal("/var/run/secrets/svid/svid_key.pem", client.ClientCertificate.KeyPath);
        Assert.Equal(TimeSpan.FromSeconds(30), client.ClientCertificate.ReloadInterval);
    }
}
