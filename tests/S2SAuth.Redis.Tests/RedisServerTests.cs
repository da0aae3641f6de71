namespace S2SAuth.Redis.Tests;

/// <summary>The test servers are real: one starts, answers, stops and comes back on the same port.</summary>
public sealed class RedisServerTests
{
    [Fact]
    public async Task A_real_redis_server_starts_stops_and_restarts_on_its_port()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        await db.StringSetAsync("probe", "1");
        Assert.Equal("1", (string?)await db.StringGetAsync("probe"));

        await redis.StopAsync();
        await redis.StartAsync();
        var emptyAfterRestart = await Eventually.ReturnsAsync(
            async () =>
            {
                try { return (await db.StringGetAsync("probe")).IsNull; }
                catch (StackExchange.Redis.RedisException) { return false; }
            },
            empty => empty,
            "the client reconnects to the restarted, empty server");
        Assert.True(emptyAfterRestart);
    }
}
