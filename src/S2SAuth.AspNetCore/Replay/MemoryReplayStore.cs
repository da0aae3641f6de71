using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;

namespace S2SAuth.Replay;

/// <summary>
/// The in-memory <see cref="IReplayStore"/> of one instance (the embedded default): a dictionary of key hashes to
/// expiry. Bounded by <see cref="ReplayOptions.MaxEntries"/>: when full, expired entries are swept once; if it is still
/// full, new values are refused as <see cref="ReplayCheck.Unavailable"/> (fail closed) rather than evicting a live
/// entry, which would let its replay through.
/// </summary>
internal sealed class MemoryReplayStore : IReplayStore
{
    private readonly ConcurrentDictionary<ReplayKey, long> _entries = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxEntries;
    private readonly Lock _sweep = new();

    public MemoryReplayStore(IOptions<ReplayOptions> options, TimeProvider time, ILogger<MemoryReplayStore> logger)
    {
        _maxEntries = options.Value.MaxEntries;
        _time = time;
        _logger = logger;
    }

    /// <summary>The number of entries held (expired ones included until swept).</summary>
    public int Count => _entries.Count;

    public ValueTask<ReplayCheck> TryFirstUseAsync(ReplayKey key, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcTicks;
        while (true)
        {
            if (_entries.TryGetValue(key, out var expires))
            {
                if (expires > now)
                {
                    return ValueTask.FromResult(ReplayCheck.Replay);
                }

                // Expired: take it over only if no one else did meanwhile.
                if (_entries.TryUpdate(key, until.UtcTicks, expires))
                {
                    return ValueTask.FromResult(ReplayCheck.FirstUse);
                }

                continue;
            }

            if (_entries.Count >= _maxEntries && !Sweep(now))
            {
                Log.ReplayStoreFull(_logger, _maxEntries);
                return ValueTask.FromResult(ReplayCheck.Unavailable);
            }

            if (_entries.TryAdd(key, until.UtcTicks))
            {
                return ValueTask.FromResult(ReplayCheck.FirstUse);
            }
        }
    }

    public ValueTask ForgetAsync(ReplayKey key, CancellationToken cancellationToken)
    {
        _entries.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    /// <summary>Removes expired entries; whether there is room afterwards.</summary>
    private bool Sweep(long now)
    {
        lock (_sweep)
        {
            if (_entries.Count >= _maxEntries)
            {
                foreach (var (key, expires) in _entries)
                {
                    if (expires <= now)
                    {
                        _entries.TryRemove(new KeyValuePair<ReplayKey, long>(key, expires));
                    }
                }
            }

            return _entries.Count < _maxEntries;
        }
    }
}
