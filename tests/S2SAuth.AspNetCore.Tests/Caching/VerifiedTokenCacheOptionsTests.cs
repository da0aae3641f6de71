using Microsoft.Extensions.Configuration;
using S2SAuth.Configuration;

namespace S2SAuth.AspNetCore.Tests.Caching;

/// <summary>The cache's settings: bound from <c>ServiceAuth:VerifiedTokenCache</c>, checked at start-up with the key named.</summary>
public sealed class VerifiedTokenCacheOptionsTests
{
    [Fact]
    public void Defaults_cache_for_at_most_five_minutes_within_bounds()
    {
        var cache = new ServiceAuthOptions().VerifiedTokenCache;

        Assert.True(cache.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(5), cache.MaxDuration);
        Assert.Equal(10_000, cache.MaxEntries);
        Assert.Equal(4 * 1024 * 1024, cache.MaxTotalCharacters);
        Assert.Equal(4096, cache.MaxTokenLength);
        Assert.True(Validate(new ServiceAuthOptions()).Succeeded);
    }

    [Fact]
    public void Settings_bind_from_the_VerifiedTokenCache_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:VerifiedTokenCache:Enabled"] = "false",
            ["ServiceAuth:VerifiedTokenCache:MaxDuration"] = "00:01:00",
            ["ServiceAuth:VerifiedTokenCache:MaxEntries"] = "500",
            ["ServiceAuth:VerifiedTokenCache:MaxTotalCharacters"] = "100000",
            ["ServiceAuth:VerifiedTokenCache:MaxTokenLength"] = "2048",
        }).Build();
        var options = new ServiceAuthOptions();

        configuration.GetSection("ServiceAuth").Bind(options);

        Assert.False(options.VerifiedTokenCache.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(1), options.VerifiedTokenCache.MaxDuration);
        Assert.Equal(500, options.VerifiedTokenCache.MaxEntries);
        Assert.Equal(100_000, options.VerifiedTokenCache.MaxTotalCharacters);
        Assert.Equal(2048, options.VerifiedTokenCache.MaxTokenLength);
    }

    [Theory]
    [InlineData("MaxDuration", "00:00:00")]
    [InlineData("MaxDuration", "02:00:00")]
    [InlineData("MaxEntries", "-1")]
    [InlineData("MaxTotalCharacters", "10")]
    [InlineData("MaxTokenLength", "100")]
    public void Out_of_range_cache_setting_fails_validation_naming_it(string key, string value)
    {
        var options = new ServiceAuthOptions();
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["VerifiedTokenCache:" + key] = value }).Build().Bind(options);

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("ServiceAuth:VerifiedTokenCache:" + key, StringComparison.Ordinal));
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(ServiceAuthOptions options)
    {
        options.Authority ??= "https://issuer.example";
        options.Audience ??= "pricing-service";
        return new ServiceAuthOptionsValidator().Validate(null, options);
    }
}
