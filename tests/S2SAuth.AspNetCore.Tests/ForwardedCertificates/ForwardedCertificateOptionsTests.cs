using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.ForwardedCertificates;

namespace S2SAuth.AspNetCore.Tests.ForwardedCertificates;

/// <summary>A misconfigured ServiceAuth:Certificates:Forwarded section stops start-up, naming the key.</summary>
public sealed class ForwardedCertificateOptionsTests
{
    private const string Section = "ServiceAuth:Certificates:Forwarded";

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] forwarded)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = "https://issuer.example",
            ["ServiceAuth:Audience"] = "pricing-service",
            ["ServiceAuth:Spiffe:TrustDomains:0"] = "cluster.local",
        };
        foreach (var (key, value) in forwarded)
        {
            settings[$"{Section}:{key}"] = value;
        }

        return settings;
    }

    [Fact]
    public async Task A_bad_address_or_network_names_its_index()
    {
        var message = await StartFailsAsync(Settings(("Header", "EnvoyXfcc"), ("TrustedProxies:0", "127.0.0.6"),
            ("TrustedProxies:1", "10.0.0.1/8"), ("TrustedProxies:2", "sidecar.local")));

        Assert.DoesNotContain($"{Section}:TrustedProxies:0", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:TrustedProxies:1 ('10.0.0.1/8') is not an IP address or a CIDR network", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:TrustedProxies:2 ('sidecar.local')", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trusting_everyone_is_refused()
    {
        var message = await StartFailsAsync(Settings(("Header", "ClientCert"), ("TrustedProxies:0", "0.0.0.0/0")));

        Assert.Contains($"{Section}:TrustedProxies:0 ('0.0.0.0/0')", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_without_any_trusted_proxy_is_a_configuration_mistake()
    {
        var message = await StartFailsAsync(Settings(("Header", "EnvoyXfcc")));

        Assert.Contains($"{Section}:Header is EnvoyXfcc but neither {Section}:TrustedProxies nor {Section}:TrustedProxyIds is set", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trusted_proxy_ids_must_be_SPIFFE_IDs()
    {
        var message = await StartFailsAsync(Settings(("Header", "EnvoyXfcc"), ("TrustedProxyIds:0", "spiffe://cluster.local/ns/istio-system/sa/gateway"),
            ("TrustedProxyIds:1", "spiffe://Cluster.Local/gw"), ("TrustedProxyIds:2", "https://gateway")));

        Assert.DoesNotContain($"{Section}:TrustedProxyIds:0", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:TrustedProxyIds:1 ('spiffe://Cluster.Local/gw') is not a valid SPIFFE ID", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:TrustedProxyIds:2 ('https://gateway') is not a valid SPIFFE ID", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_section_starts_and_the_reader_is_one_singleton()
    {
        await using var app = await StartAsync(Settings(("Header", "EnvoyXfcc"), ("TrustedProxies:0", "127.0.0.6"),
            ("TrustedProxies:1", "fd00::/8"), ("TrustedProxyIds:0", "spiffe://cluster.local/ns/shop/sa/pricing")));

        Assert.Same(app.Services.GetRequiredService<ForwardedCertificateReader>(), app.Services.GetRequiredService<ForwardedCertificateReader>());
    }

    [Fact]
    public async Task The_feature_off_needs_nothing()
    {
        await using var app = await StartAsync(Settings());

        Assert.NotNull(app.Services.GetRequiredService<ForwardedCertificateReader>());
    }

    private static async Task<string> StartFailsAsync(Dictionary<string, string?> settings)
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = await StartAsync(settings);
        });
        return exception.Message;
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddServiceAuth(builder.Configuration);
        var app = builder.Build();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }
}
