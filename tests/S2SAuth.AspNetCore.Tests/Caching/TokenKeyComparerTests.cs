using S2SAuth.Caching;

namespace S2SAuth.AspNetCore.Tests.Caching;

/// <summary>The cache key comparer hashes a token's tail only, and still compares whole tokens.</summary>
public sealed class TokenKeyComparerTests
{
    private static readonly TokenKeyComparer Comparer = TokenKeyComparer.Instance;

    [Fact]
    public void Tokens_with_the_same_tail_but_another_payload_are_different_keys()
    {
        var tail = new string('s', 100);
        var legit = "header.payload-a." + tail;
        var forged = "header.payload-b." + tail;

        Assert.Equal(Comparer.GetHashCode(legit), Comparer.GetHashCode(forged));
        Assert.False(Comparer.Equals(legit, forged));
        Assert.False(Comparer.Equals(forged.AsSpan(), legit));
    }

    [Fact]
    public void Span_and_string_of_the_same_token_hash_and_compare_alike()
    {
        var header = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZy1lbm91Z2gtdG8tYmUtY3V0";
        var token = header[7..];

        Assert.Equal(Comparer.GetHashCode(token), Comparer.GetHashCode(header.AsSpan(7)));
        Assert.True(Comparer.Equals(header.AsSpan(7), token));
        Assert.Equal(token, Comparer.Create(header.AsSpan(7)));
    }

    [Fact]
    public void Many_entries_sharing_a_tail_are_all_kept_and_found()
    {
        var tail = new string('t', TokenKeyComparer.HashedTail);
        var table = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(Comparer);
        for (var i = 0; i < 500; i++)
        {
            Assert.True(table.TryAdd($"h.p{i}." + tail, i));
        }

        var lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        Assert.All(Enumerable.Range(0, 500), i => Assert.True(lookup.TryGetValue(($"h.p{i}." + tail).AsSpan(), out var v) && v == i));
        Assert.False(lookup.TryGetValue(("h.p500." + tail).AsSpan(), out _));
    }
}
