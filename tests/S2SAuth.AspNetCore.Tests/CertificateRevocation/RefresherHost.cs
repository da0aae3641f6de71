using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using S2SAuth.CertificateRevocation;
using S2SAuth.Certificates;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.CertificateRevocation;

/// <summary>The revocation list services as registered for AddServiceAuth, with their hosted refresher started (on the real clock unless told); stops it on dispose.</summary>
internal sealed class RefresherHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;

    private RefresherHost(ServiceProvider provider, List<IHostedService> hosted, LogCapture logs)
    {
        _provider = provider;
        _hosted = hosted;
        Logs = logs;
    }

    public LogCapture Logs { get; }

    public ICertificateRevocationSource Source => _provider.GetRequiredService<ICertificateRevocationSource>();

    public RevocationListRefresher Refresher => _hosted.OfType<RevocationListRefresher>().Single();

    public static async Task<RefresherHost> StartAsync(Action<ServiceAuthOptions> configure, TimeProvider? time = null)
    {
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddOptions<ServiceAuthOptions>().Configure(configure);
        CertificateRevocationRegistration.AddCertificateRevocationLists(services);
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new RefresherHost(provider, hosted, logs);
    }

    /// <summary>The log lines of one event id.</summary>
    public List<CapturedLog> Events(int id) => Logs.Entries.Where(e => e.EventId.Id == id).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
        Logs.Dispose();
    }
}
