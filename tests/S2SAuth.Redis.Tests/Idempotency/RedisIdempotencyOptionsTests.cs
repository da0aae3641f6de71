using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S2SAuth.Idempotency;
using S2SAuth.Redis.Idempotency;

namespace S2SAuth.Redis.Tests.Idempotency;

/// <summary><c>AddRedisIdempotency()</c>: bound from <c>ServiceAuth:Idempotency:Redis</c>, replaces the in-memory store, checked at start-up without echoing the configuration.</summary>
public sealed class RedisIdempotencyOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings, bool memoryFirst = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        var builder = services.AddServiceAuth(configuration);
        if (memoryFirst)
        {
            builder.AddIdempotency();
        }

        builder.AddRedisIdempotency();
        if (!memoryFirst)
        {
            builder.AddIdempotency();
        }

        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_Redis_store_replaces_the_in_memory_one_whatever_the_order(bool memoryFirst)
    {
        using var services = Services(new() { ["ServiceAuth:Idempotency:Redis:Configuration"] = "127.0.0.1:1" }, memoryFirst);

        Assert.IsType<RedisIdempotencyStore>(services.GetRequiredService<IIdempotencyStore>());
        Assert.Equal("s2sauth:idempotency:", services.GetRequiredService<IOptions<RedisIdempotencyOptions>>().Value.KeyPrefix);
    }

    [Fact]
    public void Without_a_configuration_or_a_registered_connection_start_up_fails_naming_the_key()
    {
        using var services = Services([]);

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RedisIdempotencyOptions>>().Value);

        Assert.Contains("ServiceAuth:Idempotency:Redis:Configuration", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_configuration_fails_without_echoing_it()
    {
        using var services = Services(new() { ["ServiceAuth:Idempotency:Redis:Configuration"] = "password=hunter2-secret,unknownOption=1" });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RedisIdempotencyOptions>>().Value);

        Assert.Contains("ServiceAuth:Idempotency:Redis:Configuration", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }
}
