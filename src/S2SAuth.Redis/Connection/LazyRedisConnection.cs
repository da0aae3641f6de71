using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace S2SAuth.Redis.Connection;

/// <summary>
/// The Redis connection of one store (idempotency, replay): opened on first use (or at start-up), from its own
/// configuration string (<c>abortConnect</c> off, so an unreachable Redis answers 503 rather than stopping the start) or
/// the <see cref="IConnectionMultiplexer"/> registered in the container, which it then does not dispose.
/// </summary>
internal sealed class LazyRedisConnection : IAsyncDisposable, IDisposable
{
    private readonly string? _configuration;
    private readonly IServiceProvider _services;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnectionMultiplexer? _connection;
    private bool _owned;

    public LazyRedisConnection(string? configuration, IServiceProvider services)
    {
        _configuration = configuration;
        _services = services;
    }

    public async ValueTask<IDatabase> DatabaseAsync()
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
                if (_configuration is { } configuration)
                {
                    var options = ConfigurationOptions.Parse(configuration);
                    options.AbortOnConnectFail = false;
                    _connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
                    _owned = true;
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

    public async ValueTask DisposeAsync()
    {
        if (_owned && _connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connecting.Dispose();
    }

    public void Dispose()
    {
        if (_owned)
        {
            _connection?.Dispose();
        }

        _connecting.Dispose();
    }
}
