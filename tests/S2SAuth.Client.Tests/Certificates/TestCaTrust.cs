using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using S2SAuth.Testing;

namespace S2SAuth.Client.Tests.Certificates;

/// <summary>A client transport that trusts the test CA (and nothing else) for the server's certificate, as an app would configure its own.</summary>
public static class TestCaTrust
{
    public static SocketsHttpHandler Handler(TestCertificateAuthority ca) => new()
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Callback(ca) },
    };

    public static RemoteCertificateValidationCallback Callback(TestCertificateAuthority ca) => (_, certificate, _, _) =>
    {
        if (certificate is not X509Certificate2 server)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    };
}
