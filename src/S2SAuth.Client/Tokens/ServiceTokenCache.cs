using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Telemetry;

namespace S2SAuth.Client.Tokens;

/// <summary>One <see cref="TokenSlot"/> per (audience, scopes), shared by every client of the process.</summary>
internal sealed class ServiceTokenCache
{
    private readonly ConcurrentDictionary<TokenKey, TokenSlot> _slots = new();
    private readonly IServiceTokenSource _source;
    private readonly IOptionsMonitor<ServiceTokenClientOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClientMetrics _metrics;

    public ServiceTokenCache(IServiceTokenSource source, IOptionsMonitor<ServiceTokenClientOptions> options, TimeProvider time,
        ILogger<ServiceTokenCache> logger, ClientMetrics metrics)
    {
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The slots made so far (a moment's copy; read only, for health checks).</summary>
    public IReadOnlyCollection<TokenSlot> Slots => _slots.Values.ToArray();

    /// <summary>
    /// The slot of <paramref name="key"/>, made on first use. Reads the <c>ServiceAuth</c> settings first, so invalid
    /// settings fail whoever asks for a slot (a client being created), even without a host's start-up check.
    /// </summary>
    /// <exception cref="OptionsValidationException">The <c>ServiceAuth</c> settings are invalid.</exception>
    public TokenSlot GetSlot(TokenKey key)
    {
        _ = _options.CurrentValue;
        return _slots.GetOrAdd(key, static (k, cache) => new TokenSlot(k, cache._source, cache._options, cache._time, cache._logger, cache._metrics), this);
    }
}
