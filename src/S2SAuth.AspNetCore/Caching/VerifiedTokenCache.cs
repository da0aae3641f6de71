using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using S2SAuth.Verification;

namespace S2SAuth.Caching;

/// <summary>
/// Successful verifications, keyed by the exact token text and looked up by span (a <c>Bearer</c> header needs no
/// substring; see <see cref="TokenKeyComparer"/> for the hash). An entry is used only for the same token kind, before its expiry (the token's <c>exp</c>, capped by
/// <see cref="VerifiedTokenCacheOptions.MaxDuration"/>) and while the signing-key set it was verified with is current.
/// Bounded in entries and in total token characters: a slot is reserved before an entry is added, so neither bound is
/// ever exceeded; when full, a trim drops stale entries, then those unused since the last trim, then any, down to 90%.
/// Failures are never added.
/// </summary>
internal sealed class VerifiedTokenCache
{
    private const double LowWater = 0.9;
    private readonly ConcurrentDictionary<string, CachedVerification> _entries = new(TokenKeyComparer.Instance);
    private readonly ConcurrentDictionary<string, CachedVerification>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Lock _trimGate = new();
    private readonly bool _enabled;
    private readonly int _maxEntries;
    private readonly long _maxCharacters;
    private readonly int _maxTokenLength;
    private readonly long _maxDurationTicks;
    private int _count;
    private long _characters;

    public VerifiedTokenCache(IOptions<ServiceAuthOptions> options)
    {
        var settings = options.Value.VerifiedTokenCache;
        _enabled = settings.Enabled && settings.MaxEntries > 0;
        _maxEntries = settings.MaxEntries;
        _maxCharacters = settings.MaxTotalCharacters;
        _maxTokenLength = settings.MaxTokenLength;
        _maxDurationTicks = settings.MaxDuration.Ticks;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Entries held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Token characters held now, summed over all entries.</summary>
    public long TotalCharacters => Interlocked.Read(ref _characters);

    /// <summary>The entries held now (for tests and diagnostics).</summary>
    internal ICollection<CachedVerification> Entries => _entries.Values;

    /// <summary>When an entry for a token expiring at <paramref name="tokenExpiresAtUtcTicks"/> and verified now must stop being used.</summary>
    public long ExpiryFor(long tokenExpiresAtUtcTicks, long nowUtcTicks) =>
        Math.Min(tokenExpiresAtUtcTicks, nowUtcTicks + _maxDurationTicks);

    /// <summary>The cached verification of <paramref name="token"/>, if one is still good; a stale one is dropped.</summary>
    public bool TryGet(ReadOnlySpan<char> token, TokenKind kind, long keySetVersion, long nowUtcTicks, [NotNullWhen(true)] out CachedVerification? entry)
    {
        if (_enabled && token.Length <= _maxTokenLength && _bySpan.TryGetValue(token, out entry))
        {
            if (IsStale(entry, keySetVersion, nowUtcTicks))
            {
                Remove(entry);
            }
            else if (entry.Kind == kind)
            {
                if (!entry.RecentlyUsed)
                {
                    entry.RecentlyUsed = true;
                }

                return true;
            }
        }

        entry = null;
        return false;
    }

    /// <summary>
    /// Caches a successful verification against key set <paramref name="keySetVersion"/>, until the token's <c>exp</c> or
    /// the cache's maximum duration, unless the token is too long, already expired, or no room can be made.
    /// </summary>
    public void TryAdd(VerifiedToken verified, long keySetVersion, long nowUtcTicks)
    {
        if (_enabled)
        {
            TryAdd(new CachedVerification(verified, keySetVersion, ExpiryFor(verified.ExpiresAt.UtcTicks, nowUtcTicks)), nowUtcTicks);
        }
    }

    /// <summary>Caches an entry, unless the token is too long, already expired, or no room can be made.</summary>
    public void TryAdd(CachedVerification entry, long nowUtcTicks)
    {
        var length = entry.Token.Length;
        if (!_enabled || length > _maxTokenLength || entry.ExpiresAtUtcTicks <= nowUtcTicks)
        {
            return;
        }

        if (!TryReserve(length))
        {
            Trim(entry.KeySetVersion, nowUtcTicks);
            if (!TryReserve(length))
            {
                return;
            }
        }

        if (!_entries.TryAdd(entry.Token, entry))
        {
            Release(length);
        }
    }

    /// <summary>Drops the entry of <paramref name="token"/>, if any.</summary>
    public void Remove(string token)
    {
        if (_entries.TryGetValue(token, out var entry))
        {
            Remove(entry);
        }
    }

    /// <summary>Drops every entry.</summary>
    public void Clear()
    {
        foreach (var (_, entry) in _entries)
        {
            Remove(entry);
        }
    }

    private static bool IsStale(CachedVerification entry, long keySetVersion, long nowUtcTicks) =>
        entry.KeySetVersion != keySetVersion || nowUtcTicks >= entry.ExpiresAtUtcTicks;

    private bool TryReserve(int length)
    {
        if (Interlocked.Increment(ref _count) > _maxEntries)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        if (Interlocked.Add(ref _characters, length) > _maxCharacters)
        {
            Release(length);
            return false;
        }

        return true;
    }

    private void Release(int length)
    {
        Interlocked.Add(ref _characters, -length);
        Interlocked.Decrement(ref _count);
    }

    private void Remove(CachedVerification entry)
    {
        if (_entries.TryRemove(KeyValuePair.Create(entry.Token, entry)))
        {
            Release(entry.Token.Length);
        }
    }

    /// <summary>
    /// Makes room, one trimmer at a time (others just skip caching meanwhile): drops entries that are expired or from
    /// another key set; then, while above 90% of a bound, entries not used since the last trim (CLOCK's second chance),
    /// then any. Each trim frees at least 10% of the bound that was hit, so its O(n) cost is spread over many adds.
    /// </summary>
    private void Trim(long keySetVersion, long nowUtcTicks)
    {
        if (!_trimGate.TryEnter())
        {
            return;
        }

        try
        {
            foreach (var (_, entry) in _entries)
            {
                if (IsStale(entry, keySetVersion, nowUtcTicks))
                {
                    Remove(entry);
                }
            }

            foreach (var (_, entry) in _entries)
            {
                if (!AboveLowWater())
                {
                    break;
                }

                if (entry.RecentlyUsed)
                {
                    entry.RecentlyUsed = false;
                }
                else
                {
                    Remove(entry);
                }
            }

            foreach (var (_, entry) in _entries)
            {
                if (!AboveLowWater())
                {
                    break;
                }

                Remove(entry);
            }
        }
        finally
        {
            _trimGate.Exit();
        }
    }

    private bool AboveLowWater() =>
        Count > _maxEntries * LowWater || TotalCharacters > _maxCharacters * LowWater;
}
