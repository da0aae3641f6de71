using System.Collections.Concurrent;

namespace S2SAuth.ForwardedCertificates;

/// <summary>
/// Forwarded certificates already read, by the exact header text they came in: a proxy sends the same text for the
/// same caller on every request, so it is parsed, and its certificate decoded, once. Only trusted proxies' well-formed
/// headers of at most 8 KiB are kept. Bounded: when full it is emptied and refills (a churn of distinct callers costs
/// re-parsing, never memory). The certificates are shared between requests: never disposed by a reader.
/// </summary>
internal sealed class ForwardedResultCache(int maxEntries)
{
    private readonly ConcurrentDictionary<string, ForwardedCertificateResult> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool TryGet(string key, out ForwardedCertificateResult result) => _entries.TryGetValue(key, out result!);

    public void Add(string key, ForwardedCertificateResult result)
    {
        if (_entries.Count >= maxEntries)
        {
            _entries.Clear();
        }

        _entries.TryAdd(key, result);
    }
}
