using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AuthService.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Client;
using S2SAuth.EndToEnd.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.AuthService;

/// <summary>
/// The real AuthService over HTTPS with RFC 8705 on: a client authenticated by its certificate (CA-issued with the
/// registered SAN, or its registered self-signed one) gets a token bound to it (<c>cnf.x5t#S256</c>); any other
/// certificate is refused with <c>invalid_client</c>; secret clients work as before, unbound.
/// </summary>
public sealed class MutualTlsTests(MutualTlsTests.Issuer fixture) : IClassFixture<MutualTlsTests.Issuer>, IDisposable
{
    private const string MtlsClient = Issuer.MtlsClient;
    private const string MtlsSpiffeId = Issuer.MtlsSpiffeId;
    private const string SelfSignedClient = Issuer.SelfSignedClient;
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }
    }

    /// <summary>One HTTPS AuthService for the class, with mutual TLS on and two certificate accounts.</summary>
    public sealed class Issuer : IAsyncLifetime
    {
        public const string MtlsClient = "orders-service-mtls";
        public const string MtlsSpiffeId = "spiffe://s2sauth.test/orders-service";
        public const string SelfSignedClient = "self-signed-service";

        public LogCapture Logs { get; } = new();

        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "s2sauth-mtls-" + Guid.NewGuid().ToString("N"));

        public TestCertificateAuthority Ca { get; } = TestCertificateAuthority.Create();

        public X509Certificate2 ClientCertificate { get; private set; } = null!;

        public X509Certificate2 SelfSigned { get; private set; } = null!;

        public AuthServiceInstance Instance { get; private set; } = null!;

        private X509Certificate2 _server = null!;

        public async Task InitializeAsync()
        {
            System.IO.Directory.CreateDirectory(Directory);
            ClientCertificate = Ca.IssueSpiffe(MtlsSpiffeId);
            SelfSigned = TestCertificateAuthority.SelfSigned(SelfSignedClient);
            var caPath = Path.Combine(Directory, "clients-ca.pem");
            File.WriteAllText(caPath, Ca.CertificatePem);
            _server = Ca.IssueLocalhostServer();
            Instance = await AuthServiceHost.StartAsync(new AuthServiceStartOptions
            {
                ServerCertificate = _server,
                Settings =
                [
                    .. TestAccounts.Settings(),
                    new("AuthService:MutualTls:TrustedCaPath", caPath),
                    new("AuthService:MutualTls:SelfSigned", "true"),
                    new("ServiceAccounts:4:Id", MtlsClient),
                    new("ServiceAccounts:4:TlsClientAuthSanUri", MtlsSpiffeId),
                    new("ServiceAccounts:4:Scopes:0", "pricing.resolve"),
                    new("ServiceAccounts:5:Id", SelfSignedClient),
                    new("ServiceAccounts:5:SelfSignedCertificate", SelfSigned.ExportCertificatePem()),
                    new("ServiceAccounts:5:Scopes:0", "pricing.resolve"),
                ],
                Configure = builder => builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(Logs),
            });
        }

        public async Task DisposeAsync()
        {
            await Instance.DisposeAsync();
            ClientCertificate.Dispose();
            SelfSigned.Dispose();
            _server.Dispose();
            Ca.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    /// <summary>An HTTP client that trusts the test CA for the issuer and presents <paramref name="certificate"/>, if any.</summary>
    private HttpClient Http(X509Certificate2? certificate) => Track(new HttpClient(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = TrustTestCa,
            ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
        },
    })
    { BaseAddress = fixture.Instance.BaseAddress });

    private bool TrustTestCa(object sender, X509Certificate? certificate, X509Chain? _, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(fixture.Ca.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return certificate is X509Certificate2 server && chain.Build(server);
    }

    private static async Task<TokenResult> RequestAsync(HttpClient http, string clientId, string? secret = null)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials"), new("scope", "pricing.resolve") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token");
        if (secret is null)
        {
            form.Add(new("client_id", clientId)); // RFC 8705 §2: the certificate authenticates, client_id names the client
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new TokenResult(response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    private static string? BoundThumbprint(string token) =>
        Jwt.Payload(token).TryGetProperty("cnf", out var cnf) ? cnf.GetProperty("x5t#S256").GetString() : null;

    [Fact]
    public async Task A_client_authenticated_by_its_CA_issued_certificate_gets_a_token_bound_to_it()
    {
        var token = (await RequestAsync(Http(fixture.ClientCertificate), MtlsClient)).Token();

        Assert.Equal(TestCertificateAuthority.Thumbprint(fixture.ClientCertificate), BoundThumbprint(token));
        Assert.Equal(MtlsClient, Jwt.Payload(token).GetProperty("sub").GetString());
        Assert.Equal([TestAccounts.PricingAudience], Jwt.Strings(Jwt.Payload(token).GetProperty("aud")));
    }

    [Fact]
    public async Task A_client_authenticated_by_its_registered_self_signed_certificate_gets_a_token_bound_to_it()
    {
        var token = (await RequestAsync(Http(fixture.SelfSigned), SelfSignedClient)).Token();

        Assert.Equal(TestCertificateAuthority.Thumbprint(fixture.SelfSigned), BoundThumbprint(token));
    }

    [Fact]
    public async Task A_certificate_from_an_untrusted_CA_is_refused_even_with_the_registered_SAN()
    {
        using var otherCa = TestCertificateAuthority.Create("Other CA");
        using var impostor = otherCa.IssueSpiffe(MtlsSpiffeId);

        var result = await RequestAsync(Http(impostor), MtlsClient);

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task A_trusted_certificate_naming_another_service_is_refused()
    {
        using var other = fixture.Ca.IssueSpiffe("spiffe://s2sauth.test/billing-worker");

        var result = await RequestAsync(Http(other), MtlsClient);

        Assert.Equal("invalid_client", result.Error);
    }

    [Fact]
    public async Task An_unregistered_self_signed_certificate_is_refused()
    {
        using var stranger = TestCertificateAuthority.SelfSigned(SelfSignedClient);

        var result = await RequestAsync(Http(stranger), SelfSignedClient);

        Assert.Equal("invalid_client", result.Error);
    }

    [Fact]
    public async Task A_certificate_client_without_a_certificate_is_refused()
    {
        var result = await RequestAsync(Http(null), MtlsClient);

        // OpenIddict: a confidential client sent neither a secret, an assertion nor a certificate.
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_request", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task Secret_clients_work_unchanged_over_the_same_listener_and_get_unbound_tokens()
    {
        var token = (await RequestAsync(Http(null), TestAccounts.Orders, TestAccounts.OrdersSecret)).Token();

        Assert.Null(BoundThumbprint(token));
        Assert.Equal("invalid_client", (await RequestAsync(Http(null), TestAccounts.Orders, "wrong-secret-1234567890")).Error);
    }

    [Fact]
    public async Task Discovery_advertises_the_certificate_methods_and_bound_tokens()
    {
        var discovery = JsonDocument.Parse(await Http(null).GetStringAsync(".well-known/openid-configuration")).RootElement;

        var methods = Jwt.Strings(discovery.GetProperty("token_endpoint_auth_methods_supported"));
        Assert.Contains("tls_client_auth", methods);
        Assert.Contains("self_signed_tls_client_auth", methods);
        Assert.Contains("client_secret_basic", methods);
        Assert.True(discovery.GetProperty("tls_client_certificate_bound_access_tokens").GetBoolean());
    }

    [Fact]
    public async Task S2SAuth_Client_with_TlsClientAuth_gets_a_bound_token_from_the_real_issuer_and_sends_it()
    {
        var certificatePath = Path.Combine(fixture.Directory, "tls.crt");
        var keyPath = Path.Combine(fixture.Directory, "tls.key");
        TestCertificateAuthority.WritePemFiles(fixture.ClientCertificate, certificatePath, keyPath);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = fixture.Instance.BaseAddress.AbsoluteUri.TrimEnd('/'),
            ["ServiceAuth:ClientId"] = MtlsClient,
            ["ServiceAuth:ClientAuthentication"] = nameof(ClientAuthenticationMethod.TlsClientAuth),
            ["ServiceAuth:ClientCertificate:CertificatePath"] = certificatePath,
            ["ServiceAuth:ClientCertificate:KeyPath"] = keyPath,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(fixture.Logs));
        services.AddServiceTokenClient(configuration);
        services.AddHttpClient("S2SAuth.TokenClient").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustTestCa },
        });
        var sent = new List<string?>();
        services.AddHttpClient("pricing", c => c.BaseAddress = new Uri("https://pricing.internal"))
            .ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler(sent))
            .PrimaryHandlerFollowsNoRedirects()
            .AddServiceTokenHandler(o => o.Scopes.Add("pricing.resolve")); // the AuthService derives the audience from the scope
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("pricing").GetAsync("/prices");

        response.EnsureSuccessStatusCode();
        var token = Assert.Single(sent)!;
        Assert.Equal(TestCertificateAuthority.Thumbprint(fixture.ClientCertificate), BoundThumbprint(token));
        var text = fixture.Logs.AllText();
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(keyPath).Split('\n')[1], text, StringComparison.Ordinal);
    }

    private sealed class RecordingHandler(List<string?> sent) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Add(request.Headers.TryGetValues("X-Service-Token", out var values) ? values.Single() : null);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
