using Microsoft.Extensions.Options;
using S2SAuth.Replay;
using S2SAuth.Redis.Connection;
using StackExchange.Redis;

namespace S2SAuth.Redis.Replay;

/// <summary>
/// The replay store on Redis, shared by every instance: one key per one-time value (prefix + the hex SHA-256 of
/// <see cref="ReplayKey"/>, never the value), written with <c>SET key 1 NX PXAT until</c> — atomic, so exactly one
/// instance sees the first use. Any Redis error or timeout is <see cref="ReplayCheck.Unavailable"/> (the caller refuses
/// with 503), never a first use.
/// </summary>
internal sealed class RedisReplayStore : IReplayStore, IAsyncDisposable, IDisposable
{
    private readonly RedisReplayOptions _options;
    private readonly LazyRedisConnection _redis;
    private readonly TimeProvider _time;

    public RedisReplayStore(IOptions<RedisReplayOptions> options, IServiceProvider services, TimeProvider time)
    {
        _options = options.Value;
        _redis = new LazyRedisConnection(_options.Configuration, services);
        _time = time;
    }

    public async ValueTask<ReplayCheck> TryFirstUseAsync(ReplayKey key, DateTimeOffset until, CancellationToken cancellationToken)
    {
        try
        {
            var db = await DatabaseAsync().ConfigureAwait(false);

            // PXAT takes the absolute expiry; a lifetime already over still records the value for a millisecond.
            var expiry = Math.Max(until.ToUnixTimeMilliseconds(), _time.GetUtcNow().ToUnixTimeMilliseconds() + 1);
            var set = await db.ExecuteAsync("SET", Key(key), "1", "NX", "PXAT", expiry).ConfigureAwait(false);
            return set.IsNull ? ReplayCheck.Replay : ReplayCheck.FirstUse;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            return ReplayCheck.Unavailable;
        }
    }

    public async ValueTask ForgetAsync(ReplayKey key, CancellationToken cancellationToken)
    {
        try
        {
            var db = await DatabaseAsync().ConfigureAwait(false);
            await db.KeyDeleteAsync(Key(key)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            // Best effort: the value stays recorded and a retry is answered as a duplicate.
        }
    }

    /// <summary>Connects ahead of the first request (start-up); an unreachable Redis is not an error here: requests answer 503.</summary>
    public Task ConnectAsync() => _redis.ConnectAsync();

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    public void Dispose() => _redis.Dispose();

    private RedisKey Key(ReplayKey key) => _options.KeyPrefix + key.ToString();

    private ValueTask<IDatabase> DatabaseAsync() => _redis.DatabaseAsync();
}
