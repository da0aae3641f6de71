using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace S2SAuth.Revocation;

/// <summary>
/// Sweeps expired entries out of the state every <see cref="RevocationOptions.SweepInterval"/> and logs staleness changes;
/// attaches the host to a shared <see cref="InMemoryRevocationStore"/> while it runs.
/// </summary>
internal sealed class RevocationMaintenance(RevocationState state, IOptions<RevocationOptions> options, TimeProvider time, IRevocationService service) : IHostedService, IDisposable
{
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A host sharing an in-memory store with others of this process receives their revocations from now on.
        if (service is InMemoryRevocationService { Store: { } store } local)
        {
            store.Attach(local.Sink);
        }

        var interval = options.Value.SweepInterval;
        _timer = time.CreateTimer(_ =>
        {
            var now = time.GetUtcNow().UtcTicks;
            state.Sweep(now);
            state.ReportStaleness(now);
        }, null, interval, interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (service is InMemoryRevocationService { Store: { } store } local)
        {
            store.Detach(local.Sink);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();
}
