using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Configuration;

namespace S2SAuth.AspNetCore.Tests.Configuration;

/// <summary>KeyMaxStaleness and AllowedJwksOrigins are checked at start-up, with messages naming the key.</summary>
public sealed class KeyOptionsValidationTests
{
    [Fact]
    public void KeyMaxStaleness_defaults_to_24_hours_and_is_valid()
    {
        var options = Valid();

        Assert.Equal(TimeSpan.FromHours(24), options.KeyMaxStaleness);
        Assert.Empty(Errors(options));
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("7.00:00:01")]
    public void KeyMaxStaleness_out_of_range_fails_naming_it(string value)
    {
        var options = Valid();
        options.KeyMaxStaleness = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains(Errors(options), e => e.StartsWith("ServiceAuth:KeyMaxStaleness must be between", StringComparison.Ordinal));
    }

    [Fact]
    public void KeyMaxStaleness_not_longer_than_KeyRefreshInterval_fails_naming_both()
    {
        var options = Valid();
        options.KeyRefreshInterval = TimeSpan.FromHours(2);
        options.KeyMaxStaleness = TimeSpan.FromHours(2);

        Assert.Contains(Errors(options), e => e.StartsWith("ServiceAuth:KeyMaxStaleness (02:00:00) must be longer than ServiceAuth:KeyRefreshInterval (02:00:00)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("keys.example.com")]
    [InlineData("ftp://keys.example.com")]
    [InlineData("https://keys.example.com/jwks")]
    [InlineData("https://keys.example.com?x=1")]
    [InlineData("https://user@keys.example.com")]
    public void AllowedJwksOrigins_entry_that_is_not_an_origin_fails_naming_it(string origin)
    {
        var options = Valid();
        options.AllowedJwksOrigins.Add(origin);

        Assert.Contains(Errors(options), e => e.StartsWith($"ServiceAuth:AllowedJwksOrigins contains '{origin}', which is not an origin", StringComparison.Ordinal));
    }

    [Fact]
    public void AllowedJwksOrigins_http_entry_off_loopback_outside_Development_fails_naming_it()
    {
        var options = Valid();
        options.RequireHttpsMetadata = false;
        options.Authority = "http://127.0.0.1:5000";
        options.AllowedJwksOrigins.Add("http://keys.example.com");

        Assert.Contains(Errors(options), e => e.StartsWith("ServiceAuth:AllowedJwksOrigins uses http on 'keys.example.com', which is not loopback", StringComparison.Ordinal));
    }

    [Fact]
    public void AllowedJwksOrigins_http_entry_with_RequireHttpsMetadata_true_fails_naming_it()
    {
        var options = Valid();
        options.AllowedJwksOrigins.Add("http://127.0.0.1:6000");

        Assert.Contains(Errors(options), e => e.StartsWith("ServiceAuth:AllowedJwksOrigins uses http while ServiceAuth:RequireHttpsMetadata is true", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://www.googleapis.com")]
    [InlineData("https://keys.example.com:8443/")]
    public void AllowedJwksOrigins_https_origin_is_valid(string origin)
    {
        var options = Valid();
        options.AllowedJwksOrigins.Add(origin);

        Assert.Empty(Errors(options));
    }

    [Fact]
    public async Task AllowedJwksOrigins_and_KeyMaxStaleness_bind_from_configuration()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = "https://accounts.example.com",
            ["ServiceAuth:Audience"] = "pricing-service",
            ["ServiceAuth:AllowedJwksOrigins:0"] = "https://www.googleapis.com",
            ["ServiceAuth:KeyMaxStaleness"] = "06:00:00",
        });
        builder.Services.AddServiceAuth(builder.Configuration);
        await using var app = builder.Build();
        await app.StartAsync();

        var options = app.Services.GetRequiredService<IOptions<ServiceAuthOptions>>().Value;

        Assert.Equal(["https://www.googleapis.com"], options.AllowedJwksOrigins);
        Assert.Equal(TimeSpan.FromHours(6), options.KeyMaxStaleness);
    }

    private static ServiceAuthOptions Valid() => new() { Authority = "https://issuer.example.com", Audience = "pricing-service" };

    private static IEnumerable<string> Errors(ServiceAuthOptions options) =>
        new ServiceAuthOptionsValidator(new ProductionEnvironment()).Validate(null, options).Failures ?? [];

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
