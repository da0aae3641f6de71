using Microsoft.Extensions.Time.Testing;
using S2SAuth.Rbac;

namespace S2SAuth.AspNetCore.Tests.Rbac;

public sealed class PermissionCacheTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private static PermissionQuery Query(int user) => new("user_" + user, "tenant_789", "order.confirm");

    [Fact]
    public void Answer_is_served_until_it_expires()
    {
        var cache = new PermissionCache(_time, TimeSpan.FromSeconds(30), 10);
        cache.Set(Query(1), PermissionAnswer.Granted);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(cache.TryGet(Query(1), out var answer));
        Assert.Equal(PermissionAnswer.Granted, answer);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet(Query(1), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Unavailable_is_never_cached()
    {
        var cache = new PermissionCache(_time, TimeSpan.FromSeconds(30), 10);

        cache.Set(Query(1), PermissionAnswer.Unavailable);

        Assert.False(cache.TryGet(Query(1), out _));
    }

    [Fact]
    public void Zero_duration_disables_the_cache()
    {
        var cache = new PermissionCache(_time, TimeSpan.Zero, 10);

        cache.Set(Query(1), PermissionAnswer.Granted);

        Assert.False(cache.TryGet(Query(1), out _));
    }

    [Fact]
    public void Full_cache_keeps_its_bound_and_makes_room_once_answers_expire()
    {
        var cache = new PermissionCache(_time, TimeSpan.FromSeconds(30), 100);
        for (var i = 0; i < 10_000; i++)
        {
            cache.Set(Query(i), PermissionAnswer.Denied);
        }

        Assert.Equal(100, cache.Count);
        Assert.False(cache.TryGet(Query(100), out _));

        _time.Advance(TimeSpan.FromSeconds(31));
        cache.Set(Query(20_000), PermissionAnswer.Granted);

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(Query(20_000), out var answer));
        Assert.Equal(PermissionAnswer.Granted, answer);
    }

    [Fact]
    public void Updating_a_cached_answer_does_not_grow_the_count()
    {
        var cache = new PermissionCache(_time, TimeSpan.FromSeconds(30), 10);

        cache.Set(Query(1), PermissionAnswer.Denied);
        cache.Set(Query(1), PermissionAnswer.Granted);

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(Query(1), out var answer));
        Assert.Equal(PermissionAnswer.Granted, answer);
    }
}
