using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.ForwardedCertificates;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ForwardedCertificates;

/// <summary>
/// The reader over a real Kestrel server on 127.0.0.1: the test client plays the proxy. From a trusted address the
/// header gives the caller's identity; from elsewhere it is ignored, removed and logged without its value; a proxy
/// recognised by its connection certificate's SPIFFE ID (real TLS) is trusted too.
/// </summary>
public sealed class ForwardedCertificateKestrelTests : IClassFixture<IssuerFixture>, IDisposable
{
    private const string Sidecar = "spiffe://cluster.local/ns/shop/sa/pricing";
    private const string Orders = "spiffe://cluster.local/ns/shop/sa/orders";
    private const string Gateway = "spiffe://cluster.local/ns/istio-system/sa/gateway";

    private readonly TestIssuer _issuer;
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly HttpClient _http = new();

    public ForwardedCertificateKestrelTests(IssuerFixture fixture) => _issuer = fixture.Issuer;

    public void Dispose()
    {
        _http.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public async Task XFCC_from_a_trusted_loopback_proxy_is_the_callers_identity()
    {
        using var client = _ca.IssueSpiffe(Orders);
        await using var api = await ForwardingApi.StartAsync(_issuer, f =>
        {
            f.Header = ForwardedCertificateHeader.EnvoyXfcc;
            f.TrustedProxies = ["127.0.0.1"];
        });

        var seen = await api.GetAsync(_http, (ForwardedCertificateReader.XfccHeaderName, Xfcc.Element(Sidecar, client, Orders)));

        Assert.Equal("Forwarded", seen.Outcome);
        Assert.Equal(Orders, seen.Uri);
        Assert.Equal(Xfcc.Hash(client), seen.Thumbprint);
    }

    [Fact]
    public async Task XFCC_from_an_address_outside_the_trusted_network_is_ignored_removed_and_logged_without_its_value()
    {
        using var client = _ca.IssueSpiffe(Orders);
        await using var api = await ForwardingApi.StartAsync(_issuer, f =>
        {
            f.Header = ForwardedCertificateHeader.EnvoyXfcc;
            f.TrustedProxies = ["10.0.0.0/8"];
        });
        var header = $"By={Sidecar};Hash={Xfcc.Hash(client)};Cert={Xfcc.Pem(client)};Subject=\"{client.Subject}\";URI={Orders}";

        var seen = await api.GetAsync(_http, (ForwardedCertificateReader.XfccHeaderName, header));

        Assert.Equal("Ignored", seen.Outcome);
        Assert.Null(seen.Uri);
        Assert.False(seen.HeaderStillThere);
        var warning = Assert.Single(api.Logs.Entries, e => e.EventId.Id == 1650);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("X-Forwarded-Client-Cert", warning.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", warning.Message, StringComparison.Ordinal);
        var logs = api.Logs.AllText();
        Assert.DoesNotContain(Xfcc.Hash(client), logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Orders, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Sidecar, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(client.RawData)[..40], logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_header_twice_on_the_wire_from_a_trusted_proxy_is_refused_not_a_500()
    {
        using var client = _ca.IssueSpiffe(Orders);
        await using var api = await ForwardingApi.StartAsync(_issuer, f =>
        {
            f.Header = ForwardedCertificateHeader.EnvoyXfcc;
            f.TrustedProxies = ["127.0.0.1"];
        });
        var element = Xfcc.Element(Sidecar, client, Orders);

        // HttpClient folds repeated values into one line; a raw request sends two field lines.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, api.BaseUri.Port);
        var stream = tcp.GetStream();
        var request = $"GET /forwarded HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Client-Cert: {element}\r\nX-Forwarded-Client-Cert: {element}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var response = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"Malformed\"", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"certificate_identity_invalid\"", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RFC_9440_Client_Cert_from_a_trusted_proxy_is_the_certificate()
    {
        await using var api = await ForwardingApi.StartAsync(_issuer, f =>
        {
            f.Header = ForwardedCertificateHeader.ClientCert;
            f.TrustedProxies = ["127.0.0.0/8"];
        });

        var seen = await api.GetAsync(_http, (ForwardedCertificateReader.ClientCertHeaderName, Rfc9440Example.ClientCert),
            (ForwardedCertificateReader.ClientCertChainHeaderName, Rfc9440Example.ClientCertChain));

        Assert.Equal("Forwarded", seen.Outcome);
        Assert.Equal("CN=BC", seen.Subject);
        Assert.Equal(Rfc9440Example.ClientCertSha256, seen.Thumbprint);
        Assert.Equal(2, seen.ChainCount);
    }

    [Fact]
    public async Task A_gateway_is_trusted_by_the_SPIFFE_ID_of_its_own_TLS_client_certificate()
    {
        using var server = _ca.IssueLocalhostServer();
        using var gateway = _ca.IssueSpiffe(Gateway);
        using var stranger = _ca.IssueSpiffe("spiffe://cluster.local/ns/shop/sa/stranger");
        using var client = _ca.IssueSpiffe(Orders);
        await using var api = await ForwardingApi.StartAsync(_issuer, f =>
        {
            f.Header = ForwardedCertificateHeader.EnvoyXfcc;
            f.TrustedProxies = ["10.0.0.0/8"]; // not the loopback address: only the ID can make it trusted
            f.TrustedProxyIds = [Gateway];
        }, server, new ChainConnectionIdentity(_ca.Certificate));
        var header = (ForwardedCertificateReader.XfccHeaderName, Xfcc.Element(Gateway, client, Orders));

        using var asGateway = MutualTlsClient(gateway);
        using var asStranger = MutualTlsClient(stranger);
        using var withoutCertificate = MutualTlsClient(null);
        var fromGateway = await api.GetAsync(asGateway, header);
        var fromStranger = await api.GetAsync(asStranger, header);
        var fromNobody = await api.GetAsync(withoutCertificate, header);

        Assert.Equal("Forwarded", fromGateway.Outcome);
        Assert.Equal(Orders, fromGateway.Uri);
        Assert.Equal("Ignored", fromStranger.Outcome);
        Assert.Equal("Ignored", fromNobody.Outcome);
    }

    [Fact]
    public async Task Behind_a_trusted_gateway_an_element_not_By_a_trusted_ID_is_refused()
    {
        using var server = _ca.IssueLocalhostServer();
        using var gateway = _ca.IssueSpiffe(Gateway);
        using var client = _ca.IssueSpiffe(Orders);
        await using var api = await ForwardingApi.StartAsync(_issuer, f =>
        {
            f.Header = ForwardedCertificateHeader.EnvoyXfcc;
            f.TrustedProxyIds = [Gateway];
        }, server, new ChainConnectionIdentity(_ca.Certificate));

        using var asGateway = MutualTlsClient(gateway);
        var seen = await api.GetAsync(asGateway, (ForwardedCertificateReader.XfccHeaderName, Xfcc.Element("spiffe://cluster.local/ns/shop/sa/other", client, Orders)));

        Assert.Equal("Malformed", seen.Outcome);
        Assert.Equal(AuthErrorCodes.CertificateIdentityNotAllowed, seen.Code);
    }

    private HttpClient MutualTlsClient(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => IssuedByTestCa(cert);
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return new HttpClient(handler);
    }

    private bool IssuedByTestCa(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
