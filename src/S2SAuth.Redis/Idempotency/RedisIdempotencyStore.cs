using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S2SAuth.Idempotency;
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
    private readonly IServiceProvider _services;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnectionMultiplexer? _connection;
    private bool _ownsConnection;

    public RedisIdempotencyStore(IOptions<RedisIdempotencyOptions> options, IServiceProvider services)
    {
        _options = options.Value;
        _services = services;
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

    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection && _connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connecting.Dispose();
    }

    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection?.Dispose();
        }

        _connecting.Dispose();
    }

    private RedisKey Key(string key) => _options.KeyPrefix + key;

    private static long Milliseconds(TimeSpan lifetime) => Math.Max(1, (long)lifetime.TotalMilliseconds);

    /// <summary>Connects ahead of the first request (start-up); an unreachable Redis is not an error here: requests answer 503.</summary>
    public async Task ConnectAsync()
    {
        try
        {
            await DatabaseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or InvalidOperationException or TimeoutException or ArgumentException)
        {
            // The next request tries again.
        }
    }

    private async ValueTask<IDatabase> DatabaseAsync()
    {
        if (_connection is { } ready)
        {
            return ready.GetDatabase();
        }

        await _connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                if (_options.Configuration is { } configuration)
                {
                    var config = ConfigurationOptions.Parse(configuration);
                    config.AbortOnConnectFail = false;
                    _connection = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
                    _ownsConnection = true;
                }
                else
                {
                    _connection = _services.GetRequiredService<IConnectionMultiplexer>();
                }
            }

            return _connection.GetDatabase();
        }
        finally
        {
            _connecting.Release();
        }
    }
}
