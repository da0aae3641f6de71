using Microsoft.Extensions.Options;
using S2SAuth.AspNetCore.Tests.Caching.Framework;
using S2SAuth.Caching;

namespace S2SAuth.AspNetCore.Tests.Caching;

/// <summary>The verified-token cache on its own: bounds, expiry, key-set version, token kind, eviction.</summary>
public sealed class VerifiedTokenCacheTests
{
    private static readonly long Now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
    private static readonly long InOneHour = Now + TimeSpan.TicksPerHour;

    [Fact]
    public void Flood_of_distinct_tokens_never_holds_more_than_MaxEntries()
    {
        var cache = NewCache(c => c.MaxEntries = 100);

        for (var n = 0; n < 5_000; n++)
        {
            cache.TryAdd(Entries.Service(n, InOneHour), Now);
            Assert.InRange(cache.Count, 1, 100);
        }

        AssertAccountingIsExact(cache);
        Assert.InRange(cache.Entries.Count, 90, 100);
    }

    [Fact]
    public void Flood_of_distinct_tokens_never_holds_more_token_characters_than_MaxTotalCharacters()
    {
        var cache = NewCache(c => c.MaxTotalCharacters = 20_000);

        for (var n = 0; n < 5_000; n++)
        {
            cache.TryAdd(Entries.Service(n, InOneHour, padding: n % 500), Now);
            Assert.InRange(cache.TotalCharacters, 1, 20_000);
        }

        AssertAccountingIsExact(cache);
        Assert.True(cache.TotalCharacters > 15_000, "a full cache is trimmed to 90%, not emptied");
    }

    [Fact]
    public async Task Concurrent_flood_from_many_threads_stays_within_both_bounds()
    {
        var cache = NewCache(c =>
        {
            c.MaxEntries = 200;
            c.MaxTotalCharacters = 50_000;
        });
        var tokens = Enumerable.Range(0, 8_000).Select(n => Entries.Service(n, InOneHour, padding: n % 300)).ToArray();
        var overflow = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = worker; i < tokens.Length; i += 8)
            {
                cache.TryAdd(tokens[i], Now);
                cache.TryGet(tokens[i / 2].Token, TokenKind.Service, Entries.KeySet, Now, out _);
                if (cache.Entries.Count > 200)
                {
                    Interlocked.Increment(ref overflow);
                }
            }
        })));

        Assert.Equal(0, overflow);
        AssertAccountingIsExact(cache);
        Assert.InRange(cache.Count, 1, 200);
        Assert.InRange(cache.TotalCharacters, 1, 50_000);
    }

    [Fact]
    public void Token_longer_than_MaxTokenLength_is_never_cached()
    {
        var cache = NewCache(c => c.MaxTokenLength = 512);
        var small = Entries.Service(1, InOneHour);
        var large = Entries.Service(2, InOneHour, padding: 600);

        cache.TryAdd(small, Now);
        cache.TryAdd(large, Now);

        Assert.True(cache.TryGet(small.Token, TokenKind.Service, Entries.KeySet, Now, out _));
        Assert.False(cache.TryGet(large.Token, TokenKind.Service, Entries.KeySet, Now, out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Entry_is_used_until_just_before_its_expiry_and_dropped_at_it()
    {
        var cache = NewCache();
        var entry = Entries.Service(1, expiresAtUtcTicks: Now + TimeSpan.TicksPerMinute);
        cache.TryAdd(entry, Now);

        Assert.True(cache.TryGet(entry.Token, TokenKind.Service, Entries.KeySet, entry.ExpiresAtUtcTicks - 1, out var hit));
        Assert.Same(entry, hit);
        Assert.False(cache.TryGet(entry.Token, TokenKind.Service, Entries.KeySet, entry.ExpiresAtUtcTicks, out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.TotalCharacters);
    }

    [Fact]
    public void Expiry_is_the_tokens_exp_or_MaxDuration_whichever_comes_first()
    {
        var cache = NewCache(c => c.MaxDuration = TimeSpan.FromMinutes(5));

        Assert.Equal(Now + TimeSpan.FromMinutes(2).Ticks, cache.ExpiryFor(Now + TimeSpan.FromMinutes(2).Ticks, Now));
        Assert.Equal(Now + TimeSpan.FromMinutes(5).Ticks, cache.ExpiryFor(InOneHour, Now));
    }

    [Fact]
    public void Entry_that_is_already_expired_is_not_cached()
    {
        var cache = NewCache();

        cache.TryAdd(Entries.Service(1, expiresAtUtcTicks: Now), Now);

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Entry_verified_with_another_key_set_is_not_used_and_is_dropped()
    {
        var cache = NewCache();
        var entry = Entries.Service(1, InOneHour);
        cache.TryAdd(entry, Now);

        Assert.False(cache.TryGet(entry.Token, TokenKind.Service, Entries.KeySet + 1, Now, out _));
        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(entry.Token, TokenKind.Service, Entries.KeySet, Now, out _));
    }

    [Fact]
    public void Entry_is_used_only_for_the_token_kind_it_was_verified_as()
    {
        var cache = NewCache();
        var user = Entries.User(1, InOneHour);
        cache.TryAdd(user, Now);

        Assert.False(cache.TryGet(user.Token, TokenKind.Service, Entries.KeySet, Now, out _));
        Assert.True(cache.TryGet(user.Token, TokenKind.User, Entries.KeySet, Now, out _));
    }

    [Fact]
    public void Lookup_by_a_slice_of_a_Bearer_header_finds_the_entry()
    {
        var cache = NewCache();
        var entry = Entries.User(1, InOneHour);
        cache.TryAdd(entry, Now);
        var header = "Bearer " + entry.Token;

        Assert.True(cache.TryGet(header.AsSpan(7), TokenKind.User, Entries.KeySet, Now, out var hit));
        Assert.Same(entry, hit);
        Assert.False(cache.TryGet(header.AsSpan(6), TokenKind.User, Entries.KeySet, Now, out _));
    }

    [Fact]
    public void Trim_drops_expired_entries_first()
    {
        var cache = NewCache(c => c.MaxEntries = 10);
        var shortLived = Enumerable.Range(0, 5).Select(n => Entries.Service(n, Now + TimeSpan.TicksPerMinute)).ToArray();
        var longLived = Enumerable.Range(5, 5).Select(n => Entries.Service(n, InOneHour)).ToArray();
        foreach (var entry in shortLived.Concat(longLived))
        {
            cache.TryAdd(entry, Now);
        }

        var later = Now + (2 * TimeSpan.TicksPerMinute);
        cache.TryAdd(Entries.Service(10, InOneHour), later);

        Assert.Equal(6, cache.Count);
        Assert.All(longLived, e => Assert.True(cache.TryGet(e.Token, TokenKind.Service, Entries.KeySet, later, out _)));
    }

    [Fact]
    public void Trim_keeps_entries_used_since_the_last_trim_and_drops_unused_ones()
    {
        var cache = NewCache(c => c.MaxEntries = 10);
        var entries = Enumerable.Range(0, 10).Select(n => Entries.Service(n, InOneHour)).ToArray();
        foreach (var entry in entries)
        {
            cache.TryAdd(entry, Now);
        }

        foreach (var used in entries[..5])
        {
            Assert.True(cache.TryGet(used.Token, TokenKind.Service, Entries.KeySet, Now, out _));
        }

        cache.TryAdd(Entries.Service(10, InOneHour), Now);

        Assert.Equal(10, cache.Count);
        Assert.All(entries[..5], e => Assert.True(cache.TryGet(e.Token, TokenKind.Service, Entries.KeySet, Now, out _)));
    }

    [Theory]
    [InlineData(false, 10_000)]
    [InlineData(true, 0)]
    public void Disabled_cache_holds_nothing(bool enabled, int maxEntries)
    {
        var cache = NewCache(c =>
        {
            c.Enabled = enabled;
            c.MaxEntries = maxEntries;
        });
        var entry = Entries.Service(1, InOneHour);

        cache.TryAdd(entry, Now);

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(entry.Token, TokenKind.Service, Entries.KeySet, Now, out _));
    }

    private static VerifiedTokenCache NewCache(Action<VerifiedTokenCacheOptions>? configure = null)
    {
        var options = new ServiceAuthOptions();
        configure?.Invoke(options.VerifiedTokenCache);
        return new VerifiedTokenCache(Options.Create(options));
    }

    /// <summary>The counters the bounds are enforced on match what the cache really holds.</summary>
    private static void AssertAccountingIsExact(VerifiedTokenCache cache)
    {
        var held = cache.Entries;
        Assert.Equal(held.Count, cache.Count);
        Assert.Equal(held.Sum(e => (long)e.Token.Length), cache.TotalCharacters);
    }
}
