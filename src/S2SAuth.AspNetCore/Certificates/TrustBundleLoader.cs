using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace S2SAuth.Certificates;

/// <summary>Loads the trust bundle when the host starts (and so starts watching its file), not on the first request.</summary>
internal sealed class TrustBundleLoader(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<TrustBundle>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
