using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S2SAuth.Spiffe;

namespace S2SAuth.AspNetCore.Tests.Spiffe;

/// <summary>Start-up checks of <c>ServiceAuth:Spiffe:JwtBundles</c>: each refusal names the key at fault.</summary>
public sealed class JwtSvidOptionsTests
{
    [Theory]
    [InlineData("Prod.Example.org", "https://spire.example.org/keys", "ServiceAuth:Spiffe:JwtBundles:Prod.Example.org is not a valid SPIFFE trust domain")]
    [InlineData("other.example.org", "https://spire.example.org/keys", "ServiceAuth:Spiffe:JwtBundles:other.example.org names a trust domain that is not in ServiceAuth:Spiffe:TrustDomains")]
    [InlineData("prod.example.org", "ftp://spire.example.org/keys", "ServiceAuth:Spiffe:JwtBundles:prod.example.org uses the scheme 'ftp'")]
    [InlineData("prod.example.org", "http://spire.example.org/keys", "ServiceAuth:Spiffe:JwtBundles:prod.example.org uses http while ServiceAuth:RequireHttpsMetadata is true")]
    [InlineData("prod.example.org", "", "ServiceAuth:Spiffe:JwtBundles:prod.example.org is empty")]
    public void Bad_bundle_entry_is_refused_at_start_up_naming_its_key(string trustDomain, string value, string message)
    {
        var options = Options(o => o.Spiffe.JwtBundles[trustDomain] = value);

        var result = new SpiffeJwtOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Http_bundle_url_is_refused_off_loopback_even_without_RequireHttpsMetadata()
    {
        var options = Options(o =>
        {
            o.RequireHttpsMetadata = false;
            o.Spiffe.JwtBundles["prod.example.org"] = "http://spire.example.org/keys";
        });

        var result = new SpiffeJwtOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("ServiceAuth:Spiffe:JwtBundles:prod.example.org uses http on a host that is not loopback", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://spire.example.org/keys", true)]
    [InlineData("http://127.0.0.1:8080/keys", false)]
    [InlineData("/run/spire/bundle.json", true)]
    [InlineData("bundle.json", true)]
    [InlineData("file:///run/spire/bundle.json", true)]
    public void Good_bundle_entries_pass(string value, bool requireHttps)
    {
        var options = Options(o =>
        {
            o.RequireHttpsMetadata = requireHttps;
            o.Spiffe.JwtBundles["prod.example.org"] = value;
        });

        Assert.True(new SpiffeJwtOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(2 * 24 * 3600)]
    public void Refresh_interval_out_of_range_is_refused(int seconds)
    {
        var options = Options(o => o.Spiffe.JwtBundleRefreshInterval = TimeSpan.FromSeconds(seconds));

        var result = new SpiffeJwtOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("ServiceAuth:Spiffe:JwtBundleRefreshInterval must be between", StringComparison.Ordinal));
    }

    [Fact]
    public void Refresh_interval_not_shorter_than_the_key_staleness_is_refused()
    {
        var options = Options(o =>
        {
            o.Spiffe.JwtBundles["prod.example.org"] = "/run/spire/bundle.json";
            o.Spiffe.JwtBundleRefreshInterval = TimeSpan.FromHours(2);
            o.KeyMaxStaleness = TimeSpan.FromHours(1);
        });

        var result = new SpiffeJwtOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains("must be shorter than ServiceAuth:KeyMaxStaleness", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_configuration_stops_the_host_from_starting()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServiceAuth(o =>
        {
            o.Authority = "https://issuer.example.org";
            o.Audience = "pricing-service";
            o.Spiffe.JwtBundles["prod.example.org"] = "https://spire.example.org/keys";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ServiceAuthOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("ServiceAuth:Spiffe:JwtBundles:prod.example.org names a trust domain that is not in", StringComparison.Ordinal));
    }

    private static ServiceAuthOptions Options(Action<ServiceAuthOptions> configure)
    {
        var options = new ServiceAuthOptions { Authority = "https://issuer.example.org", Audience = "pricing-service" };
        options.Spiffe.TrustDomains = ["prod.example.org"];
        configure(options);
        return options;
    }
}
