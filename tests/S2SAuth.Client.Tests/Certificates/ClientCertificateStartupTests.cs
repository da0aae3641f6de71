using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using S2SAuth.Testing;

namespace S2SAuth.Client.Tests.Certificates;

/// <summary>A client certificate that cannot be used stops the start with a message naming the key, never the file's content.</summary>
public sealed class ClientCertificateStartupTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly CertificateFiles _files = new();

    public void Dispose()
    {
        _files.Dispose();
        _ca.Dispose();
    }

    private static async Task<string?> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = "https://issuer.example",
            ["ServiceAuth:ClientId"] = "orders-service",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddServiceTokenClient(builder.Configuration);
        builder.Services.AddHttpClient("pricing", c => c.BaseAddress = new Uri("https://pricing.internal")).AddServiceTokenHandler(o => o.Audience = "pricing-service");
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }

    private Dictionary<string, string?> With(params (string Key, string? Value)[] extra)
    {
        var settings = _files.Settings();
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task A_loadable_pair_starts_with_a_secret_or_with_tls_client_auth()
    {
        using var certificate = _ca.Issue("orders-service");
        _files.Write(certificate);

        Assert.Null(await StartAsync(With(("ServiceAuth:ClientSecret", "s3cr3t-value-never-shown"))));
        Assert.Null(await StartAsync(With(("ServiceAuth:ClientAuthentication", "TlsClientAuth"))));
    }

    [Fact]
    public async Task A_key_of_another_certificate_stops_the_start_naming_the_key()
    {
        using var first = _ca.Issue("orders-service");
        using var second = _ca.Issue("orders-service");
        _files.Write(first);
        File.WriteAllText(_files.CertificatePath, second.ExportCertificatePem());

        var message = await StartAsync(With(("ServiceAuth:ClientSecret", "s3cr3t-value-never-shown")));

        Assert.NotNull(message);
        Assert.Contains("ServiceAuth:ClientCertificate:KeyPath", message, StringComparison.Ordinal);
        Assert.Contains("does not belong to the certificate", message, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_stops_the_start_naming_the_key()
    {
        var message = await StartAsync(With(("ServiceAuth:ClientSecret", "s3cr3t-value-never-shown")));

        Assert.NotNull(message);
        Assert.Contains("ServiceAuth:ClientCertificate:CertificatePath", message, StringComparison.Ordinal);
        Assert.Contains("does not exist", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_certificate_stops_the_start()
    {
        using var expired = _ca.Issue("orders-service", s =>
        {
            s.NotBefore = DateTimeOffset.UtcNow.AddHours(-20);
            s.NotAfter = DateTimeOffset.UtcNow.AddHours(-1);
        });
        _files.Write(expired);

        var message = await StartAsync(With(("ServiceAuth:ClientSecret", "s3cr3t-value-never-shown")));

        Assert.Contains("expired", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_client_auth_needs_a_certificate_and_no_secret()
    {
        var withoutCertificate = await StartAsync(new Dictionary<string, string?> { ["ServiceAuth:ClientAuthentication"] = "TlsClientAuth" });
        Assert.Contains("ServiceAuth:ClientCertificate:CertificatePath is required with ServiceAuth:ClientAuthentication=TlsClientAuth", withoutCertificate, StringComparison.Ordinal);
        Assert.DoesNotContain("ClientSecret is required", withoutCertificate, StringComparison.Ordinal);

        using var certificate = _ca.Issue("orders-service");
        _files.Write(certificate);
        var withSecret = await StartAsync(With(("ServiceAuth:ClientAuthentication", "SelfSignedTlsClientAuth"), ("ServiceAuth:ClientSecret", "s3cr3t-value-never-shown")));
        Assert.Contains("ServiceAuth:ClientSecret must not be set with ServiceAuth:ClientAuthentication=SelfSignedTlsClientAuth", withSecret, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value-never-shown", withSecret, StringComparison.Ordinal);
    }
}
