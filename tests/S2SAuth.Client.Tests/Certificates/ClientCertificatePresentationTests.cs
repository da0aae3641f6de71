using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using S2SAuth.Testing;

namespace S2SAuth.Client.Tests.Certificates;

/// <summary>
/// Outgoing calls over real TLS on loopback present this service's certificate, read from PEM files and read again
/// when they change: a new connection uses the new certificate without a restart; a broken pair keeps the last good one.
/// </summary>
public sealed class ClientCertificatePresentationTests : IAsyncLifetime
{
    private TestCertificateAuthority _ca = null!;
    private ClientHarness _h = null!;
    private TlsServer _server = null!;
    private CertificateFiles _files = null!;
    private X509Certificate2 _first = null!;
    private X509Certificate2 _second = null!;

    public async Task InitializeAsync()
    {
        _ca = TestCertificateAuthority.Create();
        _h = await ClientHarness.StartAsync();
        _server = await TlsServer.StartAsync(_ca.IssueLocalhostServer());
        _files = new CertificateFiles();
        _first = _ca.Issue("orders-service");
        _second = _ca.Issue("orders-service");
        _files.Write(_first);
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _server.DisposeAsync();
        _files.Dispose();
        _first.Dispose();
        _second.Dispose();
        _ca.Dispose();
    }

    private HttpClient Client(Dictionary<string, string?>? settings = null, Action<IHttpClientBuilder>? configure = null)
    {
        var services = _h.NewServices(settings ?? _files.Settings());
        var builder = services.AddHttpClient("tls", c => c.BaseAddress = _server.BaseUri)
            .ConfigurePrimaryHttpMessageHandler(() => TestCaTrust.Handler(_ca))
            .AddServiceTokenHandler(o =>
            {
                o.Audience = ClientHarness.Audience;
                o.Scopes.Add(ClientHarness.Scope);
            });
        configure?.Invoke(builder);
        return _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient("tls");
    }

    [Fact]
    public async Task The_certificate_from_the_PEM_files_is_presented_with_the_service_token()
    {
        var client = Client();

        Assert.Equal(TestCertificateAuthority.Thumbprint(_first), await client.GetStringAsync("/"));
        Assert.NotEmpty(Assert.Single(_server.Requests).ServiceToken);
    }

    [Fact]
    public async Task Without_a_configured_certificate_nothing_is_presented_and_the_server_refuses_the_handshake()
    {
        // Control for the test above: the server requires a certificate, so a call without one fails.
        var client = Client(settings: []);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("/"));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Files_replaced_mid_run_are_used_by_the_next_new_connection_without_a_restart()
    {
        var client = Client();
        Assert.Equal(TestCertificateAuthority.Thumbprint(_first), await client.GetStringAsync("/"));

        _files.Write(_second);
        Assert.Equal(TestCertificateAuthority.Thumbprint(_first), await client.GetStringAsync("/")); // not read again yet
        _h.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TestCertificateAuthority.Thumbprint(_second), await client.GetStringAsync("/"));
        Assert.Equal(2, _h.Logs.Entries.Count(e => e.EventId.Id == 2200));
    }

    [Fact]
    public async Task A_Kubernetes_style_symlink_swap_is_noticed_by_content()
    {
        // The kubelet writes a new timestamped directory and swaps the "..data" symlink; the file paths never change.
        var root = _files.DirectoryPath;
        WriteVersion(root, "..v1", _first);
        Directory.CreateSymbolicLink(Path.Combine(root, "..data"), "..v1");
        var certificatePath = Path.Combine(root, "client.crt");
        var keyPath = Path.Combine(root, "client.key");
        File.CreateSymbolicLink(certificatePath, Path.Combine("..data", "tls.crt"));
        File.CreateSymbolicLink(keyPath, Path.Combine("..data", "tls.key"));
        var client = Client(new Dictionary<string, string?>
        {
            ["ServiceAuth:ClientCertificate:CertificatePath"] = certificatePath,
            ["ServiceAuth:ClientCertificate:KeyPath"] = keyPath,
        });
        Assert.Equal(TestCertificateAuthority.Thumbprint(_first), await client.GetStringAsync("/"));

        WriteVersion(root, "..v2", _second);
        new DirectoryInfo(Path.Combine(root, "..data")).Delete(); // removes the link, not its target
        Directory.CreateSymbolicLink(Path.Combine(root, "..data"), "..v2");
        _h.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TestCertificateAuthority.Thumbprint(_second), await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_half_written_certificate_file_keeps_the_last_good_certificate_and_logs_a_warning_once()
    {
        var client = Client();
        Assert.Equal(TestCertificateAuthority.Thumbprint(_first), await client.GetStringAsync("/"));

        var pem = _second.ExportCertificatePem();
        File.WriteAllText(_files.CertificatePath, pem[..(pem.Length / 2)]);
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        _h.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TestCertificateAuthority.Thumbprint(_first), await client.GetStringAsync("/"));
        var warning = Assert.Single(_h.Logs.Entries, e => e.EventId.Id == 2201);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("certificate_invalid", warning.Values["Reason"]);
        Assert.Equal("ServiceAuth:ClientCertificate:CertificatePath", warning.Values["Key"]);

        // The writer finishes: the complete pair is taken at the next check.
        _files.Write(_second);
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TestCertificateAuthority.Thumbprint(_second), await client.GetStringAsync("/"));
        AssertNothingSecretLogged(_first, _second);
    }

    [Fact]
    public async Task A_key_of_another_certificate_on_reload_keeps_the_last_good_certificate()
    {
        var client = Client();
        Assert.Equal(TestCertificateAuthority.Thumbprint(_first), await client.GetStringAsync("/"));

        File.WriteAllText(_files.CertificatePath, _second.ExportCertificatePem()); // the key file still holds the first key
        _h.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TestCertificateAuthority.Thumbprint(_first), await client.GetStringAsync("/"));
        var warning = Assert.Single(_h.Logs.Entries, e => e.EventId.Id == 2201);
        Assert.Equal("private_key_mismatch", warning.Values["Reason"]);
        Assert.Equal("ServiceAuth:ClientCertificate:KeyPath", warning.Values["Key"]);
        AssertNothingSecretLogged(_first, _second);
    }

    [Fact]
    public async Task The_key_may_live_in_the_certificate_file()
    {
        var combined = Path.Combine(_files.DirectoryPath, "combined.pem");
        using (var key = _second.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(combined, _second.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        }

        var client = Client(new Dictionary<string, string?> { ["ServiceAuth:ClientCertificate:CertificatePath"] = combined });

        Assert.Equal(TestCertificateAuthority.Thumbprint(_second), await client.GetStringAsync("/"));
    }

    [Fact]
    public void A_primary_handler_that_chooses_its_own_client_certificate_fails_the_build()
    {
        var services = _h.NewServices(_files.Settings());
        services.AddHttpClient("tls", c => c.BaseAddress = _server.BaseUri)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { SslOptions = { ClientCertificates = [_second] } })
            .AddServiceTokenHandler(o => o.Audience = ClientHarness.Audience);
        var factory = _h.Build(services).GetRequiredService<IHttpClientFactory>();

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient("tls"));
        Assert.Contains("ServiceAuth:ClientCertificate:CertificatePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_certificate_is_also_presented_under_the_apps_resilience_handler()
    {
        var client = Client(configure: b => b.AddStandardResilienceHandler());

        Assert.Equal(TestCertificateAuthority.Thumbprint(_first), await client.GetStringAsync("/"));
    }

    private void AssertNothingSecretLogged(params X509Certificate2[] certificates)
    {
        var text = _h.Logs.AllText();
        Assert.DoesNotContain("BEGIN", text, StringComparison.Ordinal);
        foreach (var certificate in certificates)
        {
            using var key = certificate.GetECDsaPrivateKey()!;
            var keyBody = Convert.ToBase64String(key.ExportPkcs8PrivateKey());
            Assert.DoesNotContain(keyBody[..24], text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(certificate.RawData)[..24], text, StringComparison.Ordinal);
        }
    }

    private static void WriteVersion(string root, string name, X509Certificate2 certificate)
    {
        var directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        TestCertificateAuthority.WritePemFiles(certificate, Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"));
    }
}
