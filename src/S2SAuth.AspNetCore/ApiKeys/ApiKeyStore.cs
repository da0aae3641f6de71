using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using S2SAuth.Logging;
using S2SAuth.Telemetry;

namespace S2SAuth.ApiKeys;

/// <summary>
/// The current <see cref="ApiKeyTable"/>: built from the options validated at start-up, and rebuilt when the
/// configuration changes (a rotation needs no restart). A changed configuration that fails validation is logged (1763)
/// and the keys in force stay; the header is read at start-up only. A hosted service only so that it is built, and
/// listens for changes, from start-up on.
/// </summary>
internal sealed class ApiKeyStore : IHostedService, IDisposable
{
    private readonly IOptionsFactory<ApiKeyOptions> _factory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IDisposable? _subscription;
    private readonly object _gate = new();
    private ApiKeyTable _table;

    public ApiKeyStore(IOptions<ApiKeyOptions> options, IOptionsFactory<ApiKeyOptions> factory, ApiKeyMetrics metrics, TimeProvider time,
        ILogger<ApiKeyStore> logger, IConfiguration? configuration = null)
    {
        _factory = factory;
        _time = time;
        _logger = logger;
        Header = options.Value.Header;
        _table = ApiKeyTable.Build(options.Value, ApiKeyTable.Empty, time.GetUtcNow().UtcTicks);
        if (_table.Keys.Count > 0)
        {
            Log.ApiKeysLoaded(_logger, _table.ClientCount, _table.Keys.Count, Header);
        }

        metrics.ObserveIdle(Idle);
        if (configuration is not null)
        {
            _subscription = ChangeToken.OnChange(() => configuration.GetReloadToken(), Reload);
        }
    }

    /// <summary>The request header carrying the key.</summary>
    public string Header { get; }

    public ApiKeyTable Current => Volatile.Read(ref _table);

    /// <summary>Rebuilds the table from the configuration as it is now; keeps the current one when it is not valid.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            ApiKeyOptions options;
            try
            {
                options = _factory.Create(Options.DefaultName);
            }
            catch (OptionsValidationException ex)
            {
                Log.ApiKeysReloadRejected(_logger, string.Join(" ", ex.Failures));
                return;
            }

            var current = Current;
            var next = ApiKeyTable.Build(options, current, _time.GetUtcNow().UtcTicks);
            if (string.Equals(next.Fingerprint, current.Fingerprint, StringComparison.Ordinal))
            {
                return;
            }

            Volatile.Write(ref _table, next);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var keyIds = string.Join(", ", next.Keys.Keys.Order(StringComparer.Ordinal));
                Log.ApiKeysReloaded(_logger, next.ClientCount, next.Keys.Count, keyIds);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    private IEnumerable<Measurement<double>> Idle()
    {
        var now = _time.GetUtcNow().UtcTicks;
        foreach (var record in Current.Keys.Values)
        {
            yield return new Measurement<double>(record.Usage.IdleSeconds(now), record.Tags);
        }
    }
}
