namespace S2SAuth.ApiKeys;

/// <summary>
/// When this instance last accepted one key (UTC ticks), written at most once a second per key with one
/// compare-exchange, so a busy key costs no contended write per request. Kept across configuration reloads by key id.
/// </summary>
internal sealed class ApiKeyUsage(long loadedAtUtcTicks)
{
    private long _lastUsedTicks;

    /// <summary>When the key was first loaded on this instance.</summary>
    public long LoadedAtUtcTicks { get; } = loadedAtUtcTicks;

    /// <summary>When this instance last accepted the key (to the second), or <see langword="null"/>.</summary>
    public DateTimeOffset? LastUsed => Volatile.Read(ref _lastUsedTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Seconds since the key was last accepted (since it was loaded, when never).</summary>
    public double IdleSeconds(long nowUtcTicks)
    {
        var last = Volatile.Read(ref _lastUsedTicks);
        return Math.Max(0, nowUtcTicks - (last > 0 ? last : LoadedAtUtcTicks)) / (double)TimeSpan.TicksPerSecond;
    }

    public void Used(long nowUtcTicks)
    {
        var last = Volatile.Read(ref _lastUsedTicks);
        if (nowUtcTicks - last >= TimeSpan.TicksPerSecond)
        {
            Interlocked.CompareExchange(ref _lastUsedTicks, nowUtcTicks, last);
        }
    }
}
