using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Replay;

namespace S2SAuth.AspNetCore.Tests.Replay;

/// <summary>The in-memory replay store: set-if-absent with a lifetime, atomic under contention, bounded and fail-closed when full.</summary>
public sealed class MemoryReplayStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_first_use_is_recorded_and_every_later_one_is_a_replay_while_kept()
    {
        var store = Store();
        var key = ReplayKey.For("webhook", "payments", "evt_1");

        Assert.Equal(ReplayCheck.FirstUse, await store.TryFirstUseAsync(key, _time.GetUtcNow().AddMinutes(10), default));
        Assert.Equal(ReplayCheck.Replay, await store.TryFirstUseAsync(key, _time.GetUtcNow().AddMinutes(10), default));
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(ReplayCheck.Replay, await store.TryFirstUseAsync(key, _time.GetUtcNow().AddMinutes(10), default));
    }

    [Fact]
    public async Task An_expired_value_may_be_used_again()
    {
        var store = Store();
        var key = ReplayKey.For("nonce", "key-1", "abc");
        await store.TryFirstUseAsync(key, _time.GetUtcNow().AddMinutes(1), default);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(ReplayCheck.FirstUse, await store.TryFirstUseAsync(key, _time.GetUtcNow().AddMinutes(1), default));
    }

    [Fact]
    public void Keys_separate_kind_scope_and_value_and_never_hold_the_value()
    {
        var a = ReplayKey.For("webhook", "payments", "evt_1");

        Assert.Equal(a, ReplayKey.For("webhook", "payments", "evt_1"));
        Assert.NotEqual(a, ReplayKey.For("webhook", "payments:evt", "_1"));
        Assert.NotEqual(a, ReplayKey.For("nonce", "payments", "evt_1"));
        Assert.Equal(64, a.ToString().Length);
        Assert.DoesNotContain("evt", a.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_many_concurrent_uses_of_one_value_exactly_one_is_first()
    {
        var store = Store();
        var key = ReplayKey.For("webhook", "payments", "evt_race");
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await store.TryFirstUseAsync(key, _time.GetUtcNow().AddMinutes(5), default);
        })).ToArray();
        start.Set();
        var answers = await Task.WhenAll(tasks);

        Assert.Equal(1, answers.Count(a => a == ReplayCheck.FirstUse));
        Assert.Equal(63, answers.Count(a => a == ReplayCheck.Replay));
    }

    [Fact]
    public async Task When_full_of_live_values_new_ones_are_refused_rather_than_a_live_one_forgotten()
    {
        var store = Store(maxEntries: 1_000);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(ReplayCheck.FirstUse, await store.TryFirstUseAsync(ReplayKey.For("n", "k", $"v{i}"), _time.GetUtcNow().AddMinutes(5), default));
        }

        Assert.Equal(ReplayCheck.Unavailable, await store.TryFirstUseAsync(ReplayKey.For("n", "k", "one-more"), _time.GetUtcNow().AddMinutes(5), default));
        Assert.Equal(ReplayCheck.Replay, await store.TryFirstUseAsync(ReplayKey.For("n", "k", "v0"), _time.GetUtcNow().AddMinutes(5), default));
    }

    [Fact]
    public async Task When_full_expired_values_are_swept_to_make_room()
    {
        var store = Store(maxEntries: 1_000);
        for (var i = 0; i < 1_000; i++)
        {
            await store.TryFirstUseAsync(ReplayKey.For("n", "k", $"v{i}"), _time.GetUtcNow().AddMinutes(i < 500 ? 1 : 10), default);
        }

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(ReplayCheck.FirstUse, await store.TryFirstUseAsync(ReplayKey.For("n", "k", "one-more"), _time.GetUtcNow().AddMinutes(5), default));
        Assert.Equal(501, store.Count);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(100_000_001)]
    public void The_bound_is_checked_at_start_up(int maxEntries)
    {
        var result = new ReplayOptionsValidator().Validate(null, new ReplayOptions { MaxEntries = maxEntries });

        Assert.True(result.Failed);
        Assert.Contains("ServiceAuth:Replay:MaxEntries", result.FailureMessage, StringComparison.Ordinal);
    }

    private MemoryReplayStore Store(int maxEntries = 1_000_000) =>
        new(Options.Create(new ReplayOptions { MaxEntries = maxEntries }), _time, NullLogger<MemoryReplayStore>.Instance);
}
