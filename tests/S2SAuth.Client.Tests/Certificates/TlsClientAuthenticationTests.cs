using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using S2SAuth.Testing;

namespace S2SAuth.Client.Tests.Certificates;

/// <summary>
/// RFC 8705 client authentication at the token endpoint over real TLS: the token request carries <c>client_id</c> and no
/// secret, on a connection presenting this service's certificate, to the discovery document's mTLS alias when it has one.
/// </summary>
public sealed class TlsClientAuthenticationTests : IAsyncLifetime
{
    private const string AccessToken = "opaque-access-token-5a1f0c9e";
    private TestCertificateAuthority _ca = null!;
    private TlsServer _issuer = null!;
    private Downstream _downstream = null!;
    private CertificateFiles _files = null!;
    private X509Certificate2 _certificate = null!;
    private readonly LogCapture _logs = new();
    private readonly List<ServiceProvider> _providers = [];

    public bool PublishAlias { get; set; } = true;

    public async Task InitializeAsync()
    {
        _ca = TestCertificateAuthority.Create();
        _issuer = await TlsServer.StartAsync(_ca.IssueLocalhostServer(), RespondAsIssuer, ClientCertificateMode.AllowCertificate);
        _downstream = await Downstream.StartAsync();
        _files = new CertificateFiles();
        _certificate = _ca.Issue("orders-service");
        _files.Write(_certificate);
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _downstream.DisposeAsync();
        await _issuer.DisposeAsync();
        _files.Dispose();
        _certificate.Dispose();
        _ca.Dispose();
    }

    private Task RespondAsIssuer(HttpContext http, TlsServer server)
    {
        var issuer = server.BaseUri.AbsoluteUri.TrimEnd('/');
        if (http.Request.Path == "/.well-known/openid-configuration")
        {
            var document = new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["token_endpoint"] = issuer + "/connect/token",
                ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "tls_client_auth" },
            };
            if (PublishAlias)
            {
                document["mtls_endpoint_aliases"] = new Dictionary<string, string> { ["token_endpoint"] = issuer + "/mtls/connect/token" };
            }

            return http.Response.WriteAsJsonAsync(document);
        }

        return http.Response.WriteAsJsonAsync(new { access_token = AccessToken, token_type = "Bearer", expires_in = 300 });
    }

    private HttpClient Client(ClientAuthenticationMethod method, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(_files.Settings())
        {
            ["ServiceAuth:Authority"] = _issuer.BaseUri.AbsoluteUri.TrimEnd('/'),
            ["ServiceAuth:ClientId"] = "orders-service",
            ["ServiceAuth:ClientAuthentication"] = method.ToString(),
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddServiceTokenClient(configuration);

        // The issuer's TLS certificate comes from the test CA: the token client's transport trusts it, as an app would.
        services.AddHttpClient("S2SAuth.TokenClient").ConfigurePrimaryHttpMessageHandler(() => TestCaTrust.Handler(_ca));
        services.AddHttpClient("pricing", c => c.BaseAddress = _downstream.BaseUri).AddServiceTokenHandler(o =>
        {
            o.Audience = "pricing-service";
            o.Scopes.Add("pricing.resolve");
        });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IHttpClientFactory>().CreateClient("pricing");
    }

    [Theory]
    [InlineData(ClientAuthenticationMethod.TlsClientAuth)]
    [InlineData(ClientAuthenticationMethod.SelfSignedTlsClientAuth)]
    public async Task The_token_request_goes_to_the_mtls_alias_with_the_certificate_and_no_secret(ClientAuthenticationMethod method)
    {
        var client = Client(method);

        var response = await client.GetAsync("/prices");

        response.EnsureSuccessStatusCode();
        Assert.Equal(AccessToken, _downstream.Single().Header("X-Service-Token"));
        var token = Assert.Single(_issuer.Requests, r => r.Path.EndsWith("/token", StringComparison.Ordinal));
        Assert.Equal("/mtls/connect/token", token.Path);
        Assert.Equal(TestCertificateAuthority.Thumbprint(_certificate), token.Thumbprint);
        Assert.Equal("", token.Authorization);
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(token.Body);
        Assert.Equal("orders-service", form["client_id"].ToString());
        Assert.Equal("client_credentials", form["grant_type"].ToString());
        Assert.False(form.ContainsKey("client_secret"));
    }

    [Fact]
    public async Task Without_an_mtls_alias_the_token_endpoint_is_used()
    {
        PublishAlias = false;
        var client = Client(ClientAuthenticationMethod.TlsClientAuth);

        (await client.GetAsync("/prices")).EnsureSuccessStatusCode();

        var token = Assert.Single(_issuer.Requests, r => r.Path.EndsWith("/token", StringComparison.Ordinal));
        Assert.Equal("/connect/token", token.Path);
        Assert.Equal(TestCertificateAuthority.Thumbprint(_certificate), token.Thumbprint);
    }

    [Fact]
    public async Task A_secret_client_does_not_present_its_certificate_to_the_token_endpoint_nor_use_the_alias()
    {
        var client = Client(ClientAuthenticationMethod.ClientSecretBasic, ("ServiceAuth:ClientSecret", "orders-secret-d81c2f7a"));

        (await client.GetAsync("/prices")).EnsureSuccessStatusCode();

        var token = Assert.Single(_issuer.Requests, r => r.Path.EndsWith("/token", StringComparison.Ordinal));
        Assert.Equal("/connect/token", token.Path);
        Assert.Null(token.Thumbprint);
        Assert.StartsWith("Basic ", token.Authorization, StringComparison.Ordinal);
        Assert.DoesNotContain("orders-secret-d81c2f7a", _logs.AllText(), StringComparison.Ordinal);
    }
}
