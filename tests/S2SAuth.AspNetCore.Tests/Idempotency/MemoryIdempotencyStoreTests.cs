using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Idempotency;

namespace S2SAuth.AspNetCore.Tests.Idempotency;

/// <summary>The embedded store: claims are owned, records expire, and the bounds in keys and bytes hold without dropping a live key.</summary>
public sealed class MemoryIdempotencyStoreTests
{
    private static readonly byte[] Fingerprint = new byte[IdempotencyRecord.FingerprintLength];
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private MemoryIdempotencyStore Store(int maxEntries = 100, long maxBytes = 1024 * 1024) =>
        new(Options.Create(new IdempotencyOptions { MemoryMaxEntries = maxEntries, MemoryMaxBytes = maxBytes }), _time, NullLogger<MemoryIdempotencyStore>.Instance);

    private static byte[] Record(int bodyBytes = 10) =>
        IdempotencyRecord.Response(Fingerprint, new StoredResponse(201, [new("Location", "/x")], new byte[bodyBytes], BodyStored: true));

    [Fact]
    public async Task The_first_claim_wins_and_later_claims_see_it_until_it_expires()
    {
        var store = Store();
        var (mine, theirs) = (IdempotencyRecord.NewClaim(Fingerprint), IdempotencyRecord.NewClaim(Fingerprint));

        Assert.Null(await store.TryClaimAsync("k", mine, TimeSpan.FromMinutes(1), default));
        Assert.Equal(mine, await store.TryClaimAsync("k", theirs, TimeSpan.FromMinutes(1), default));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.TryClaimAsync("k", theirs, TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task Only_the_claim_owner_completes_or_releases_and_a_record_lives_its_lifetime()
    {
        var store = Store();
        var (mine, theirs) = (IdempotencyRecord.NewClaim(Fingerprint), IdempotencyRecord.NewClaim(Fingerprint));
        await store.TryClaimAsync("k", mine, TimeSpan.FromMinutes(1), default);

        Assert.False(await store.CompleteAsync("k", theirs, Record(), TimeSpan.FromHours(1), default));
        await store.ReleaseAsync("k", theirs, default);
        Assert.True(await store.CompleteAsync("k", mine, Record(), TimeSpan.FromHours(1), default));
        await store.ReleaseAsync("k", mine, default); // no longer a claim: the record stays

        _time.Advance(TimeSpan.FromMinutes(59));
        var held = await store.TryClaimAsync("k", theirs, TimeSpan.FromMinutes(1), default);
        Assert.Equal(201, IdempotencyRecord.Read(held!).Response!.Status);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.TryClaimAsync("k", theirs, TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task The_key_bound_refuses_a_new_key_while_all_are_live_and_admits_it_once_one_expired()
    {
        var store = Store(maxEntries: 2);
        await store.TryClaimAsync("a", IdempotencyRecord.NewClaim(Fingerprint), TimeSpan.FromMinutes(1), default);
        await store.TryClaimAsync("b", IdempotencyRecord.NewClaim(Fingerprint), TimeSpan.FromMinutes(2), default);

        await Assert.ThrowsAsync<IdempotencyStoreFullException>(() => store.TryClaimAsync("c", IdempotencyRecord.NewClaim(Fingerprint), TimeSpan.FromMinutes(1), default));
        Assert.Equal(2, store.Count);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.TryClaimAsync("c", IdempotencyRecord.NewClaim(Fingerprint), TimeSpan.FromMinutes(1), default));
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task The_byte_bound_refuses_a_record_that_does_not_fit_and_never_exceeds_the_bound()
    {
        const long maxBytes = 64 * 1024;
        var store = Store(maxBytes: maxBytes);
        var claim = IdempotencyRecord.NewClaim(Fingerprint);
        await store.TryClaimAsync("a", claim, TimeSpan.FromMinutes(1), default);
        Assert.True(await store.CompleteAsync("a", claim, Record(40 * 1024), TimeSpan.FromHours(1), default));

        var second = IdempotencyRecord.NewClaim(Fingerprint);
        await store.TryClaimAsync("b", second, TimeSpan.FromMinutes(1), default);
        await Assert.ThrowsAsync<IdempotencyStoreFullException>(() => store.CompleteAsync("b", second, Record(40 * 1024), TimeSpan.FromHours(1), default));
        Assert.True(await store.CompleteAsync("b", second, Record(10), TimeSpan.FromHours(1), default));
        Assert.InRange(store.Bytes, 40 * 1024, maxBytes);
    }

    [Fact]
    public async Task Many_keys_over_time_stay_within_the_bounds()
    {
        var store = Store(maxEntries: 50, maxBytes: 1024 * 1024);
        for (var i = 0; i < 1000; i++)
        {
            var claim = IdempotencyRecord.NewClaim(Fingerprint);
            Assert.Null(await store.TryClaimAsync("k" + i, claim, TimeSpan.FromSeconds(10), default));
            Assert.True(await store.CompleteAsync("k" + i, claim, Record(1000), TimeSpan.FromSeconds(10), default));
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.InRange(store.Count, 1, 50);
            Assert.InRange(store.Bytes, 1, 1024 * 1024);
        }
    }
}

/// <summary>The record format shared by the stores.</summary>
public sealed class IdempotencyRecordTests
{
    [Fact]
    public void A_response_round_trips_and_a_claim_reads_as_in_progress()
    {
        var fingerprint = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var response = new StoredResponse(201, [new("Location", "/orders/1"), new("Content-Type", "application/json; charset=utf-8")], "{\"id\":\"é\"}"u8.ToArray(), BodyStored: true);

        var read = IdempotencyRecord.Read(IdempotencyRecord.Response(fingerprint, response));
        var claim = IdempotencyRecord.Read(IdempotencyRecord.NewClaim(fingerprint));

        Assert.Equal(fingerprint, read.Fingerprint);
        Assert.Equal(201, read.Response!.Status);
        Assert.Equal(response.Headers, read.Response.Headers);
        Assert.Equal(response.Body.ToArray(), read.Response.Body.ToArray());
        Assert.Equal(fingerprint, claim.Fingerprint);
        Assert.Null(claim.Response);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 1, 2, 3 })]
    [InlineData(new byte[] { 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Anything_else_is_a_format_error(byte[] value) =>
        Assert.Throws<FormatException>(() => IdempotencyRecord.Read(value));
}
