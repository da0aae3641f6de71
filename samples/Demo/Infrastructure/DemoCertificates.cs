using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using S2SAuth.Testing;

namespace Demo.Infrastructure;

/// <summary>
/// The demo's internal PKI, made in memory when the demo starts: a CA, the TLS server certificate of the issuer's and
/// Pricing's HTTPS ports, Orders' client certificate (its SPIFFE ID is the one the issuer registers for orders-service)
/// and an intruder's certificate from the same CA. The CA's PEM goes to a temporary file for the issuer; everything is
/// deleted when the demo stops. A deployment gets these from its own PKI (cert-manager, SPIRE...).
/// </summary>
public sealed class DemoCertificates : IDisposable
{
    public const string OrdersSpiffeId = "spiffe://s2sauth.demo/orders-service";

    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("S2SAuth Demo CA");
    private readonly string _folder = Directory.CreateTempSubdirectory("s2sauth-demo-pki-").FullName;

    public DemoCertificates()
    {
        Server = _ca.IssueLocalhostServer();
        Orders = _ca.IssueSpiffe(OrdersSpiffeId);
        Intruder = _ca.IssueSpiffe("spiffe://s2sauth.demo/intruder");
        CaPath = Path.Combine(_folder, "demo-ca.pem");
        File.WriteAllText(CaPath, _ca.CertificatePem);
    }

    /// <summary>A PEM file of the demo CA: the issuer's trust bundle for <c>tls_client_auth</c>.</summary>
    public string CaPath { get; }

    /// <summary>The server certificate of every HTTPS port of the demo (localhost, 127.0.0.1).</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Orders' client certificate.</summary>
    public X509Certificate2 Orders { get; }

    /// <summary>Another workload's certificate from the same CA: it holds a stolen token, not Orders' private key.</summary>
    public X509Certificate2 Intruder { get; }

    /// <summary>A client on its own connections, presenting <paramref name="certificate"/> (or none) and trusting only the demo CA's server certificate.</summary>
    public HttpClient Client(Uri baseAddress, X509Certificate2? certificate) => new(new SocketsHttpHandler
    {
        SslOptions =
        {
            LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Server.GetCertHashString(),
        },
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>A free loopback port, for a listener whose address must be known before it starts (the issuer's name).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Server.Dispose();
        Orders.Dispose();
        Intruder.Dispose();
        _ca.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
