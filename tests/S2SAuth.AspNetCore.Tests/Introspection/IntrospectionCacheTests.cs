using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Introspection;

namespace S2SAuth.AspNetCore.Tests.Introspection;

/// <summary>The introspection cache alone, on a fake clock with a counting introspector: lifetimes, the bound, the keys.</summary>
public sealed class IntrospectionCacheTests
{
    private const string Issuer = "https://issuer.example";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly CountingIntrospector _issuer = new();

    private IntrospectionCache NewCache(int maxEntries = 10_000) =>
        new(_issuer, Options.Create(new IntrospectionOptions { MaxCacheEntries = maxEntries }), _time, NullLogger<IntrospectionCache>.Instance);

    private VerifiedTokenInfo Info(string jti = "jti-1", string subject = "orders-service", TimeSpan? expiresIn = null) =>
        new(TokenKind.Service, Issuer, subject, jti, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow() + (expiresIn ?? TimeSpan.FromMinutes(5)), null, null);

    [Fact]
    public async Task Active_answer_is_reused_for_CacheDuration_then_asked_again()
    {
        var cache = NewCache();
        await cache.GetAsync("token-a", Info(), default);
        _time.Advance(TimeSpan.FromSeconds(9));
        await cache.GetAsync("token-a", Info(), default);
        Assert.Equal(1, _issuer.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        await cache.GetAsync("token-a", Info(), default);
        Assert.Equal(2, _issuer.Calls);
    }

    [Fact]
    public async Task Active_answer_is_never_reused_past_the_token_exp()
    {
        var cache = NewCache();
        var info = Info(expiresIn: TimeSpan.FromSeconds(3));
        await cache.GetAsync("token-a", info, default);
        _time.Advance(TimeSpan.FromSeconds(3));
        await cache.GetAsync("token-a", info, default);

        Assert.Equal(2, _issuer.Calls);
    }

    [Fact]
    public async Task Active_answer_is_never_reused_past_the_answer_exp()
    {
        var cache = NewCache();
        _issuer.ExpiresAt = _time.GetUtcNow().AddSeconds(2);
        await cache.GetAsync("token-a", Info(), default);
        _time.Advance(TimeSpan.FromSeconds(2));
        await cache.GetAsync("token-a", Info(), default);

        Assert.Equal(2, _issuer.Calls);
    }

    [Fact]
    public async Task Failure_is_never_cached()
    {
        var cache = NewCache();
        _issuer.Fail = true;
        var first = await cache.GetAsync("token-a", Info(), default);
        var second = await cache.GetAsync("token-a", Info(), default);

        Assert.Equal("test_failure", first.FailureReason);
        Assert.Null(second.Answer);
        Assert.Equal(2, _issuer.Calls);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Introspector_that_throws_is_a_failure_not_an_exception()
    {
        var cache = NewCache();
        _issuer.Throw = true;

        var outcome = await cache.GetAsync("token-a", Info(), default);

        Assert.Null(outcome.Answer);
        Assert.StartsWith("error_", outcome.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cache_never_holds_more_than_MaxCacheEntries_under_a_flood_of_distinct_tokens_and_recovers_when_they_expire()
    {
        var cache = NewCache(maxEntries: 16);
        _issuer.Active = false;
        for (var i = 0; i < 2_000; i++)
        {
            var outcome = await cache.GetAsync("junk-" + i, Info("jti-" + i), default);
            Assert.False(outcome.Answer!.Active); // every request still gets its answer
            Assert.True(cache.Count <= 16, $"{cache.Count} entries after {i + 1} tokens");
        }

        Assert.Equal(16, cache.Count);
        Assert.Equal(2_000, _issuer.Calls);

        // When the inactive answers expire, room is made for new ones (the sweep runs at most once a second).
        _time.Advance(TimeSpan.FromSeconds(11));
        _issuer.Active = true;
        await cache.GetAsync("live-token", Info("live"), default);
        await cache.GetAsync("live-token", Info("live"), default);
        Assert.Equal(2_001, _issuer.Calls);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task Answer_in_flight_when_a_revocation_lands_is_used_by_its_waiters_but_not_kept()
    {
        var cache = NewCache();
        _issuer.Hold = new TaskCompletionSource();
        var pending = cache.GetAsync("token-a", Info(), default).AsTask();
        await Eventually.TrueAsync(() => _issuer.Calls == 1, "the call started");

        cache.TokenRevoked(Issuer, "jti-1");
        _issuer.Hold.SetResult();
        Assert.True((await pending).Answer!.Active);

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Waiter_that_gives_up_cancels_nobody_else()
    {
        var cache = NewCache();
        _issuer.Hold = new TaskCompletionSource();
        using var impatient = new CancellationTokenSource();
        var first = cache.GetAsync("token-a", Info(), impatient.Token).AsTask();
        var second = cache.GetAsync("token-a", Info(), default).AsTask();
        await Eventually.TrueAsync(() => cache.Joins == 1, "the second request joined");

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        _issuer.Hold.SetResult();

        Assert.True((await second).Answer!.Active);
        Assert.Equal(1, _issuer.Calls);
    }

    [Fact]
    public void Cache_key_is_a_sha256_of_the_token_not_its_text()
    {
        var token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcmRlcnMifQ.c2lnbmF0dXJl";

        var key = IntrospectionCache.KeyOf(token);

        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), key);
        Assert.DoesNotContain("eyJ", key, StringComparison.Ordinal);
        Assert.NotEqual(key, IntrospectionCache.KeyOf(token + "x"));
    }

    private sealed class CountingIntrospector : ITokenIntrospector
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool Active { get; set; } = true;

        public bool Fail { get; set; }

        public bool Throw { get; set; }

        public DateTimeOffset? ExpiresAt { get; set; }

        public TaskCompletionSource? Hold { get; set; }

        public async Task<IntrospectionOutcome> IntrospectAsync(string token, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Hold is { } hold)
            {
                await hold.Task;
            }

            if (Throw)
            {
                throw new InvalidOperationException("boom");
            }

            return Fail
                ? IntrospectionOutcome.Failed("test_failure")
                : IntrospectionOutcome.Of(Active ? new IntrospectionAnswer(true, Issuer, null, null, [], ExpiresAt) : IntrospectionAnswer.Inactive);
        }
    }
}
