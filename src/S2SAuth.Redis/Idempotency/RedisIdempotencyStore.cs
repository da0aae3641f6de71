using Microsoft.Extensions.Options;
using S2SAuth.Idempotency;
using S2SAuth.Redis.Connection;
using StackExchange.Redis;

namespace S2SAuth.Redis.Idempotency;

/// <summary>
/// Idempotency records on Redis, shared by every instance: one string key per scoped idempotency key. A claim is
/// <c>SET key claim NX PX InProgressLifetime</c> (in a script that returns what the key holds when it is taken); the stored
/// response replaces the claim, with <c>PX Lifetime</c>, only while the key still holds that exact claim; a release deletes
/// it under the same condition. Each operation is one atomic Lua script, one round trip. Redis errors and timeouts
/// reach the caller, which answers 503 and does not run the endpoint.
/// </summary>
internal sealed class RedisIdempotencyStore : IIdempotencyStore, IAsyncDisposable, IDisposable
{
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
        return redis.call('GET', KEYS[1])
        """;

    private const string CompleteScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly RedisIdempotencyOptions _options;
    private readonly LazyRedisConnection _redis;

    public RedisIdempotencyStore(IOptions<RedisIdempotencyOptions> options, IServiceProvider services)
    {
        _options = options.Value;
        _redis = new LazyRedisConnection(_options.Configuration, services);
    }

    public async Task<byte[]?> TryClaimAsync(string key, byte[] claim, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync().ConfigureAwait(false);
        var held = await db.ScriptEvaluateAsync(ClaimScript, [Key(key)], [claim, Milliseconds(lifetime)]).ConfigureAwait(false);
        return held.IsNull ? null : (byte[]?)held ?? throw new FormatException("Unexpected answer to an idempotency claim.");
    }

    public async Task<bool> CompleteAsync(string key, byte[] claim, byte[] record, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync().ConfigureAwait(false);
        var done = await db.ScriptEvaluateAsync(CompleteScript, [Key(key)], [claim, record, Milliseconds(lifetime)]).ConfigureAwait(false);
        return (long)done == 1;
    }

    public async Task ReleaseAsync(string key, byte[] claim, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync().ConfigureAwait(false);
        await db.ScriptEvaluateAsync(ReleaseScript, [Key(key)], [claim]).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    public void Dispose() => _redis.Dispose();

    private RedisKey Key(string key) => _options.KeyPrefix + key;

    private static long Milliseconds(TimeSpan lifetime) => Math.Max(1, (long)lifetime.TotalMilliseconds);

    /// <summary>Connects ahead of the first request (start-up); an unreachable Redis is not an error here: requests answer 503.</summary>
    public Task ConnectAsync() => _redis.ConnectAsync();

    private ValueTask<IDatabase> DatabaseAsync() => _redis.DatabaseAsync();
}
