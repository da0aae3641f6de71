namespace S2SAuth;

/// <summary>
/// The embedded revocation store: revocations live in this process's memory only. By default each host that calls
/// <c>AddRevocation()</c> has its own. To let several hosts of one process (the demo's replicas, tests) share one,
/// register one instance in each host before <c>AddRevocation()</c> (<c>services.AddSingleton(store)</c>): a revocation
/// made through any of them, or through the store itself (it is an <see cref="IRevocationService"/>, e.g. for the
/// issuer), is applied to every attached host, and a host attached later receives what is still in force. Entries are
/// forgotten once they can no longer matter (tokens a day after <c>exp</c>, cut-offs a day and
/// <c>MaxTokenLifetime</c> after their instant), and at most 100,000 are kept (the oldest go first). For several
/// processes, use Redis (<c>AddRedisRevocation()</c>, package S2SAuth.Redis).
/// </summary>
public sealed class InMemoryRevocationStore : IRevocationService
{
    private const int MaxEntries = 100_000;
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    private readonly object _gate = new();
    private readonly List<Action<bool, string, string, DateTimeOffset, bool>> _hosts = [];
    private readonly LinkedList<Entry> _entries = new();
    private readonly TimeProvider _time;

    /// <summary>A new, empty store.</summary>
    public InMemoryRevocationStore()
        : this(TimeProvider.System)
    {
    }

    internal InMemoryRevocationStore(TimeProvider time) => _time = time;

    /// <inheritdoc/>
    public Task RevokeTokenAsync(string issuer, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        Check(issuer, nameof(issuer));
        Check(tokenId, nameof(tokenId));
        Publish(null, new Entry(true, issuer, tokenId, expiresAt));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task CutOffSubjectAsync(string issuer, string subject, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        Check(issuer, nameof(issuer));
        Check(subject, nameof(subject));
        Publish(null, new Entry(false, issuer, subject, asOf));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Attaches a host: <paramref name="apply"/>(isToken, issuer, jti or subject, exp or cut-off, replayed) is called
    /// now for what is still in force (replayed) and then for every revocation published by another host or the store.
    /// </summary>
    internal void Attach(Action<bool, string, string, DateTimeOffset, bool> apply)
    {
        Entry[] entries;
        lock (_gate)
        {
            _hosts.Add(apply);
            entries = [.. _entries];
        }

        foreach (var entry in entries)
        {
            apply(entry.Token, entry.Issuer, entry.Value, entry.Instant, true);
        }
    }

    internal void Detach(Action<bool, string, string, DateTimeOffset, bool> apply)
    {
        lock (_gate)
        {
            _hosts.Remove(apply);
        }
    }

    /// <summary>Records a revocation made through the host <paramref name="origin"/> (already applied there) and applies it to every other host.</summary>
    internal void Publish(Action<bool, string, string, DateTimeOffset, bool>? origin, bool token, string issuer, string value, DateTimeOffset instant) =>
        Publish(origin, new Entry(token, issuer, value, instant));

    private void Publish(Action<bool, string, string, DateTimeOffset, bool>? origin, Entry entry)
    {
        Action<bool, string, string, DateTimeOffset, bool>[] targets;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_entries.First is { } first && (_entries.Count >= MaxEntries || first.Value.Expired(now)))
            {
                _entries.RemoveFirst();
            }

            _entries.AddLast(entry);
            targets = [.. _hosts];
        }

        foreach (var apply in targets)
        {
            if (!ReferenceEquals(apply, origin))
            {
                apply(entry.Token, entry.Issuer, entry.Value, entry.Instant, false);
            }
        }
    }

    private static void Check(string? value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length is 0 or > 1024)
        {
            throw new ArgumentException($"'{name}' must be 1-1024 characters.", name);
        }
    }

    private readonly record struct Entry(bool Token, string Issuer, string Value, DateTimeOffset Instant)
    {
        // Cut-offs are kept a day longer than tokens, which covers any sane MaxTokenLifetime.
        public bool Expired(DateTimeOffset now) => Instant + (Token ? Retention : Retention + Retention) < now;
    }
}
