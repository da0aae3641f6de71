using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace S2SAuth.Revocation;

/// <summary>Sweeps expired entries out of the state every <see cref="RevocationOptions.SweepInterval"/> and logs staleness changes.</summary>
internal sealed class RevocationMaintenance(RevocationState state, IOptions<RevocationOptions> options, TimeProvider time) : IHostedService, IDisposable
{
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
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
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();
}
