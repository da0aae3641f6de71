using Microsoft.Extensions.Hosting;

namespace S2SAuth.Redis.Idempotency;

/// <summary>Opens the Redis connection while the service starts, so the first idempotent call does not pay for it.</summary>
internal sealed class RedisIdempotencyConnector : IHostedService
{
    private readonly RedisIdempotencyStore _store;

    public RedisIdempotencyConnector(RedisIdempotencyStore store) => _store = store;

    public Task StartAsync(CancellationToken cancellationToken) => _store.ConnectAsync().WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
