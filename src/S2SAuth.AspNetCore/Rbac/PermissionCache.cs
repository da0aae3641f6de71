using System.Collections.Concurrent;

namespace S2SAuth.Rbac;

/// <summary>
/// Answers of the remote RBAC service, each kept for a fixed time and never more than a fixed number at once. When
/// full, expired answers are swept (at most once per sweep interval); if it is still full, new answers are not kept.
/// </summary>
internal sealed class PermissionCache
{
    private readonly ConcurrentDictionary<PermissionQuery, Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly int _capacity;
    private readonly TimeSpan _sweepInterval;
    private int _count;
    private long _nextSweepTicks;
    private long _latestExpiryTicks;

    public PermissionCache(TimeProvider time, TimeSpan duration, int capacity)
    {
        _time = time;
        _duration = duration;
        _capacity = capacity;
        _sweepInterval = duration < TimeSpan.FromSeconds(1) ? duration : TimeSpan.FromSeconds(1);
    }

    public int Count => Volatile.Read(ref _count);

    public TimeSpan Duration => _duration;

    /// <summary>Whether some answer kept is unexpired at <paramref name="now"/> (O(1): the latest expiry of any answer set).</summary>
    public bool HasLiveEntries(DateTimeOffset now) => Count > 0 && Volatile.Read(ref _latestExpiryTicks) > now.UtcTicks;

    public bool TryGet(PermissionQuery query, out PermissionAnswer answer)
    {
        if (_entries.TryGetValue(query, out var entry))
        {
            if (entry.ExpiresTicks > _time.GetUtcNow().UtcTicks)
            {
                answer = entry.Answer;
                return true;
            }

            Remove(query, entry);
        }

        answer = default;
        return false;
    }

    public void Set(PermissionQuery query, PermissionAnswer answer)
    {
        if (_duration <= TimeSpan.Zero || answer == PermissionAnswer.Unavailable)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcTicks;
        if (Count >= _capacity && !_entries.ContainsKey(query))
        {
            Sweep(now);
            if (Count >= _capacity)
            {
                return;
            }
        }

        var entry = new Entry(answer, now + _duration.Ticks);
        var latest = Volatile.Read(ref _latestExpiryTicks);
        while (entry.ExpiresTicks > latest)
        {
            var seen = Interlocked.CompareExchange(ref _latestExpiryTicks, entry.ExpiresTicks, latest);
            if (seen == latest)
            {
                break;
            }

            latest = seen;
        }

        while (true)
        {
            if (_entries.TryAdd(query, entry))
            {
                Interlocked.Increment(ref _count);
                return;
            }

            if (_entries.TryGetValue(query, out var existing) && _entries.TryUpdate(query, entry, existing))
            {
                return;
            }
        }
    }

    private void Sweep(long now)
    {
        var next = Volatile.Read(ref _nextSweepTicks);
        if (now < next || Interlocked.CompareExchange(ref _nextSweepTicks, now + _sweepInterval.Ticks, next) != next)
        {
            return;
        }

        foreach (var (query, entry) in _entries)
        {
            if (entry.ExpiresTicks <= now)
            {
                Remove(query, entry);
            }
        }
    }

    private void Remove(PermissionQuery query, Entry entry)
    {
        if (_entries.TryRemove(KeyValuePair.Create(query, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed record Entry(PermissionAnswer Answer, long ExpiresTicks);
}
