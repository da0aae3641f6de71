using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;

namespace S2SAuth.Idempotency;

/// <summary>
/// The embedded store: one instance's memory, bounded by <see cref="IdempotencyOptions.MemoryMaxEntries"/> and
/// <see cref="IdempotencyOptions.MemoryMaxBytes"/>. Expired keys are dropped when met and swept when the store is full;
/// a live key is never dropped early (that would let a retry run the endpoint again), so a full store refuses new keys
/// (<see cref="IdempotencyStoreFullException"/>, answered 503). Every operation is atomic under one lock.
/// </summary>
internal sealed class MemoryIdempotencyStore : IIdempotencyStore
{
    /// <summary>What a key costs besides its value: the key text and the entry's own objects.</summary>
    private const int EntryOverhead = 64 + 2 * 64;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private long _bytes;

    public MemoryIdempotencyStore(IOptions<IdempotencyOptions> options, TimeProvider time, ILogger<MemoryIdempotencyStore> logger)
    {
        _time = time;
        _logger = logger;
        _maxEntries = options.Value.MemoryMaxEntries;
        _maxBytes = options.Value.MemoryMaxBytes;
    }

    /// <summary>Keys held now (tests).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Bytes held now, as counted against the bound (tests).</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public Task<byte[]?> TryClaimAsync(string key, byte[] claim, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (Live(key, now) is { } held)
            {
                return Task.FromResult<byte[]?>(held.Value);
            }

            Reserve(Cost(claim), now, isNew: true);
            Put(key, new Entry(claim, now + lifetime));
            return Task.FromResult<byte[]?>(null);
        }
    }

    public Task<bool> CompleteAsync(string key, byte[] claim, byte[] record, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (Live(key, now) is not { } held || !held.Value.AsSpan().SequenceEqual(claim))
            {
                return Task.FromResult(false);
            }

            Reserve(Cost(record) - Cost(claim), now, isNew: false);
            Put(key, new Entry(record, now + lifetime));
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(string key, byte[] claim, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var held) && held.Value.AsSpan().SequenceEqual(claim))
            {
                Remove(key, held);
            }
        }

        return Task.CompletedTask;
    }

    private static long Cost(byte[] value) => EntryOverhead + value.Length;

    private Entry? Live(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt > now)
        {
            return entry;
        }

        Remove(key, entry);
        return null;
    }

    /// <summary>Makes room for <paramref name="extra"/> more bytes (and one more key when <paramref name="isNew"/>), or throws.</summary>
    private void Reserve(long extra, DateTimeOffset now, bool isNew)
    {
        if (Fits(extra, isNew))
        {
            return;
        }

        foreach (var (key, entry) in _entries.Where(e => e.Value.ExpiresAt <= now).ToList())
        {
            Remove(key, entry);
        }

        if (!Fits(extra, isNew))
        {
            Log.IdempotencyStoreFull(_logger, _entries.Count, _bytes);
            throw new IdempotencyStoreFullException();
        }
    }

    private bool Fits(long extra, bool isNew) =>
        (!isNew || _entries.Count < _maxEntries) && _bytes + extra <= _maxBytes;

    private void Put(string key, Entry entry)
    {
        if (_entries.Remove(key, out var previous))
        {
            _bytes -= Cost(previous.Value);
        }

        _entries[key] = entry;
        _bytes += Cost(entry.Value);
    }

    private void Remove(string key, Entry entry)
    {
        _entries.Remove(key);
        _bytes -= Cost(entry.Value);
    }

    private sealed record Entry(byte[] Value, DateTimeOffset ExpiresAt);
}

/// <summary>The in-memory store holds as many live keys or bytes as it may: the call is refused (503), nothing is dropped early.</summary>
internal sealed class IdempotencyStoreFullException : Exception
{
    public IdempotencyStoreFullException()
        : base("The in-memory idempotency store is full.")
    {
    }
}
