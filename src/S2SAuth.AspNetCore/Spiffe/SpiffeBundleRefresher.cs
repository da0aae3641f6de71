using Microsoft.Extensions.Hosting;

namespace S2SAuth.Spiffe;

/// <summary>Starts the JWT-SVID bundle loads with the host (so the first requests find keys) and stops them with it.</summary>
internal sealed class SpiffeBundleRefresher(SpiffeBundleSource bundles) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        bundles.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => bundles.StopAsync();
}
