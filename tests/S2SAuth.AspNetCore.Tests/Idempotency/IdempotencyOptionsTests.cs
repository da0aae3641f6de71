using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace S2SAuth.AspNetCore.Tests.Idempotency;

/// <summary>Idempotency settings: bound from <c>ServiceAuth:Idempotency</c>, checked at start-up with the key named.</summary>
public sealed class IdempotencyOptionsTests
{
    private static IServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddServiceAuth(configuration).AddIdempotency();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Defaults_require_a_key_and_keep_responses_a_day()
    {
        var options = Services([]).GetRequiredService<IOptions<IdempotencyOptions>>().Value;

        Assert.True(options.RequireKey);
        Assert.Equal(TimeSpan.FromHours(24), options.Lifetime);
        Assert.Equal(TimeSpan.FromMinutes(2), options.InProgressLifetime);
        Assert.Equal(256 * 1024, options.MaxResponseBytes);
        Assert.Equal(TimeSpan.FromSeconds(2), options.StoreTimeout);
        Assert.Equal(10_000, options.MemoryMaxEntries);
        Assert.Equal(64L * 1024 * 1024, options.MemoryMaxBytes);
    }

    [Fact]
    public void Settings_bind_from_the_Idempotency_section()
    {
        var options = Services(new()
        {
            ["ServiceAuth:Idempotency:RequireKey"] = "false",
            ["ServiceAuth:Idempotency:Lifetime"] = "01:00:00",
            ["ServiceAuth:Idempotency:InProgressLifetime"] = "00:00:30",
            ["ServiceAuth:Idempotency:MaxResponseBytes"] = "1024",
            ["ServiceAuth:Idempotency:StoredHeaders:0"] = "X-Order-Version",
            ["ServiceAuth:Idempotency:MemoryMaxEntries"] = "100",
        }).GetRequiredService<IOptions<IdempotencyOptions>>().Value;

        Assert.False(options.RequireKey);
        Assert.Equal(TimeSpan.FromHours(1), options.Lifetime);
        Assert.Equal(TimeSpan.FromSeconds(30), options.InProgressLifetime);
        Assert.Equal(1024, options.MaxResponseBytes);
        Assert.Equal(["X-Order-Version"], options.StoredHeaders);
        Assert.Equal(100, options.MemoryMaxEntries);
    }

    [Theory]
    [InlineData("Lifetime", "00:00:10")]
    [InlineData("Lifetime", "8.00:00:00")]
    [InlineData("InProgressLifetime", "00:00:00")]
    [InlineData("InProgressLifetime", "02:00:00")]
    [InlineData("MaxResponseBytes", "-1")]
    [InlineData("StoreTimeout", "00:01:00")]
    [InlineData("MemoryMaxEntries", "0")]
    [InlineData("MemoryMaxBytes", "1000")]
    [InlineData("StoredHeaders:0", "Set-Cookie")]
    [InlineData("StoredHeaders:0", "X-Service-Token")]
    [InlineData("StoredHeaders:0", "Bad Header")]
    public void Out_of_range_setting_fails_at_start_naming_it(string key, string value)
    {
        var services = Services(new() { ["ServiceAuth:Idempotency:" + key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IdempotencyOptions>>().Value);

        Assert.Contains("ServiceAuth:Idempotency:" + key.Split(':')[0], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireIdempotency_without_AddIdempotency_fails_when_the_endpoints_are_built_naming_the_fix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddServiceAuth(o => o.Authority = "https://issuer.example");
        var app = builder.Build();
        app.MapPost("/orders", () => "ok").RequireIdempotency();

        var e = Assert.Throws<InvalidOperationException>(() => ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).ToList());

        Assert.Contains("AddIdempotency()", e.Message, StringComparison.Ordinal);
    }
}
