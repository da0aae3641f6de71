using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace S2SAuth.Redis.Revocation;

/// <summary>
/// The one connection (a StackExchange.Redis multiplexer) of the revocation store, opened on first use with
/// <c>abortConnect=false</c>: it keeps reconnecting in the background and restores its subscription by itself.
/// </summary>
internal sealed class RedisRevocationConnection(IOptions<RedisRevocationOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;
    private bool _disposed;

    public async Task<IConnectionMultiplexer> GetAsync()
    {
        if (Volatile.Read(ref _multiplexer) is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_multiplexer is null)
            {
                var configuration = ConfigurationOptions.Parse(options.Value.Configuration!);
                configuration.AbortOnConnectFail = false;
                configuration.ClientName ??= "s2sauth-revocation";
                Volatile.Write(ref _multiplexer, await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false));
            }

            return _multiplexer!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_multiplexer is { } multiplexer)
            {
                _multiplexer = null;
                await multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
                await multiplexer.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
