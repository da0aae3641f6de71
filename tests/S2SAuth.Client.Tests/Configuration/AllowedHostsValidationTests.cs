using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace S2SAuth.Client.Tests.Configuration;

/// <summary>AllowedHosts entries whose scheme is unclear, and plain-HTTP defaults, fail start-up with a message naming the entry.</summary>
public sealed class AllowedHostsValidationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["ServiceAuth:Authority"] = "https://issuer.example",
        ["ServiceAuth:ClientId"] = "orders-service",
        ["ServiceAuth:ClientSecret"] = "s3cr3t-value-never-shown",
    };

    private static async Task<string?> StartAsync(string? baseAddress, params string[] allowedHosts)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(Valid);
        builder.Services.AddServiceTokenClient(builder.Configuration);
        builder.Services.AddHttpClient("pricing", c => c.BaseAddress = baseAddress is null ? null : new Uri(baseAddress)).AddServiceTokenHandler(o =>
        {
            foreach (var entry in allowedHosts)
            {
                o.AllowedHosts.Add(entry);
            }
        });
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

    [Theory]
    [InlineData("pricing.internal:80", "names port 80 without a scheme")]
    [InlineData("ftp://pricing.internal", "must be https:// or http://")]
    [InlineData("wss://pricing.internal", "must be https:// or http://")]
    [InlineData("https://pricing.internal/api", "has a path, query or fragment")]
    [InlineData("https://pricing.internal/?tenant=a", "has a path, query or fragment")]
    [InlineData("https://user@pricing.internal", "has a path, query or fragment")]
    public async Task Ambiguous_AllowedHosts_entry_fails_start_naming_the_entry(string entry, string why)
    {
        var error = await StartAsync(null, entry);

        Assert.NotNull(error);
        Assert.Contains($"AddServiceTokenHandler of HttpClient 'pricing': AllowedHosts entry '{entry}' {why}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_BaseAddress_off_loopback_fails_start_unless_AllowedHosts_names_http()
    {
        var error = await StartAsync("http://pricing.internal");

        Assert.NotNull(error);
        Assert.Contains("AddServiceTokenHandler of HttpClient 'pricing': the BaseAddress 'http://pricing.internal/' is plain HTTP", error, StringComparison.Ordinal);
        Assert.Contains("AllowedHosts", error, StringComparison.Ordinal);
        Assert.Null(await StartAsync("http://pricing.internal", "http://pricing.internal"));
    }

    [Theory]
    [InlineData("https://pricing.internal")]
    [InlineData("http://127.0.0.1:5102")]
    [InlineData("http://localhost:5102")]
    [InlineData("http://[::1]:5102")]
    public async Task Https_or_loopback_http_BaseAddress_starts(string baseAddress)
    {
        Assert.Null(await StartAsync(baseAddress));
    }

    [Theory]
    [InlineData("pricing.internal")]
    [InlineData("pricing.internal:8443")]
    [InlineData("https://pricing.internal:443/")]
    [InlineData("http://pricing.internal:8080")]
    [InlineData("127.0.0.1:80")]
    public async Task Explicit_entries_start(string entry)
    {
        Assert.Null(await StartAsync(null, entry));
    }
}
