using System.Collections.Concurrent;

namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// Parsed forwarded certificates by the exact header text they came in, so a proxy sending the same caller's
/// certificate on every request has it decoded and parsed once. Bounded: when full it is emptied and refills (a churn
/// of distinct certificates costs re-parsing, never memory). Only trusted proxies' headers reach it. The cached
/// certificates are shared between requests: never disposed by a reader.
/// </summary>
internal sealed class ParsedCertificateCache<TValue>
    where TValue : class
{
    private readonly ConcurrentDictionary<string, TValue> _entries = new(StringComparer.Ordinal);
    private readonly int _maxEntries;

    public ParsedCertificateCache(int maxEntries) => _maxEntries = maxEntries;

    public int Count => _entries.Count;

    /// <summary>The cached value for <paramref name="key"/>, or <paramref name="parse"/>'s (cached unless null).</summary>
    public TValue? GetOrParse<TState>(string key, TState state, Func<string, TState, TValue?> parse)
    {
        if (_entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var value = parse(key, state);
        if (value is null)
        {
            return null;
        }

        if (_entries.Count >= _maxEntries)
        {
            _entries.Clear();
        }

        _entries.TryAdd(key, value);
        return value;
    }
}
