using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Telemetry;

namespace S2SAuth.Client.Tokens;

/// <summary>One <see cref="TokenSlot"/> per (audience, scopes), shared by every client of the process.</summary>
internal sealed class ServiceTokenCache
{
    private readonly ConcurrentDictionary<TokenKey, TokenSlot> _slots = new();

    public ServiceTokenCache(IServiceTokenSource source, IOptionsMonitor<ServiceTokenClientOptions> options, TimeProvider time,
        ILogger<ServiceTokenCache> logger, ClientMetrics metrics)
    {
        Source = source;
        Options = options;
        Time = time;
        Logger = logger;
        Metrics = metrics;
    }

    internal IServiceTokenSource Source { get; }

    internal IOptionsMonitor<ServiceTokenClientOptions> Options { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal ClientMetrics Metrics { get; }

    public TokenSlot GetSlot(TokenKey key) => _slots.GetOrAdd(key, static (k, cache) => new TokenSlot(k, cache), this);
}
