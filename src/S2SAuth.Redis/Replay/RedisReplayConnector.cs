using Microsoft.Extensions.Hosting;

namespace S2SAuth.Redis.Replay;

/// <summary>Opens the replay store's Redis connection while the service starts, so the first webhook does not pay for it.</summary>
internal sealed class RedisReplayConnector : IHostedService
{
    private readonly RedisReplayStore _store;

    public RedisReplayConnector(RedisReplayStore store) => _store = store;

    public Task StartAsync(CancellationToken cancellationToken) => _store.ConnectAsync().WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
