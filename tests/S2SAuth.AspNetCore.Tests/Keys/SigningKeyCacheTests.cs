using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Keys;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Keys;

/// <summary>The key cache's policy on its own, against a real loopback issuer, with time in the test's hands.</summary>
public sealed class SigningKeyCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task Concurrent_cold_start_callers_share_one_fetch()
    {
        var cache = NewCache();
        _issuer.ResponseDelay = TimeSpan.FromMilliseconds(200);

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => cache.GetAsync(CancellationToken.None).AsTask()));

        Assert.All(snapshots, s => Assert.Same(snapshots[0], s));
        Assert.NotNull(snapshots[0]);
        Assert.Equal(1, _issuer.MetadataRequestCount);
        Assert.Equal(1, _issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Snapshot_holds_the_discovered_issuer_the_keys_and_their_algorithms()
    {
        var es = _issuer.AddKey("key-ec", "ES256");
        var cache = NewCache();

        var keys = await cache.GetAsync(CancellationToken.None);

        Assert.NotNull(keys);
        Assert.Equal(_issuer.Issuer, keys.Issuer);
        Assert.Equal(["key-1", "key-ec"], keys.KeysById.Keys.Order());
        Assert.Equal("ES256", keys.AlgorithmById[es.KeyId]);
        Assert.Equal(_time.GetUtcNow(), keys.FetchedAt);
        Assert.Equal(1, keys.Version);
    }

    [Fact]
    public async Task Unknown_kid_refreshes_are_limited_to_one_per_min_interval()
    {
        var cache = NewCache();
        await cache.GetAsync(CancellationToken.None);

        for (var i = 0; i < 100; i++)
        {
            await cache.RefreshForUnknownKeyAsync(CancellationToken.None);
        }

        Assert.Equal(1, _issuer.JwksRequestCount);
        _time.Advance(MinInterval - TimeSpan.FromSeconds(1));
        await cache.RefreshForUnknownKeyAsync(CancellationToken.None);
        Assert.Equal(1, _issuer.JwksRequestCount);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => cache.RefreshForUnknownKeyAsync(CancellationToken.None).AsTask()));
        Assert.Equal(2, _issuer.JwksRequestCount);
        Assert.Equal(_time.GetUtcNow(), cache.Current!.FetchedAt);
    }

    [Fact]
    public async Task Unknown_kid_refresh_returns_the_new_keys_to_its_caller()
    {
        var cache = NewCache();
        await cache.GetAsync(CancellationToken.None);
        var rotated = _issuer.RotateKey();
        _time.Advance(MinInterval);

        var keys = await cache.RefreshForUnknownKeyAsync(CancellationToken.None);

        Assert.True(keys!.KeysById.ContainsKey(rotated.KeyId));
    }

    [Fact]
    public async Task Due_scheduled_refresh_serves_the_cached_keys_and_fetches_in_the_background()
    {
        var cache = NewCache();
        var first = await cache.GetAsync(CancellationToken.None);
        _issuer.ResponseDelay = TimeSpan.FromMilliseconds(300);
        _time.Advance(RefreshInterval);

        var served = await cache.GetAsync(CancellationToken.None);

        Assert.Same(first, served);
        await Eventually.TrueAsync(() => cache.Current!.FetchedAt > first!.FetchedAt, "the background refresh");
        Assert.Equal(2, _issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Refresh_that_brings_the_same_keys_keeps_the_key_set_version()
    {
        var cache = NewCache();
        var first = await cache.GetAsync(CancellationToken.None);
        _time.Advance(MinInterval);

        var again = await cache.RefreshForUnknownKeyAsync(CancellationToken.None);

        Assert.Equal(2, _issuer.JwksRequestCount);
        Assert.NotSame(first, again);
        Assert.Equal(first!.Version, again!.Version);
        Assert.Equal(_time.GetUtcNow(), again.FetchedAt);
    }

    [Fact]
    public async Task Added_or_removed_key_changes_the_key_set_version()
    {
        var cache = NewCache();
        var first = await cache.GetAsync(CancellationToken.None);
        var rotated = _issuer.RotateKey();
        _time.Advance(MinInterval);

        var added = await cache.RefreshForUnknownKeyAsync(CancellationToken.None);
        _issuer.RemoveKey(first!.KeysById.Keys.Single());
        _time.Advance(MinInterval);
        var removed = await cache.RefreshForUnknownKeyAsync(CancellationToken.None);

        Assert.Equal(first.Version + 1, added!.Version);
        Assert.Equal(added.Version + 1, removed!.Version);
        Assert.Equal([rotated.KeyId], removed.KeysById.Keys);
    }

    [Fact]
    public async Task Republished_kid_with_other_key_material_changes_the_key_set_version()
    {
        var cache = NewCache();
        var first = await cache.GetAsync(CancellationToken.None);
        _issuer.RemoveKey("key-1");
        _issuer.AddKey(TestSigningKey.Create("key-1"));
        _time.Advance(MinInterval);

        var replaced = await cache.RefreshForUnknownKeyAsync(CancellationToken.None);

        Assert.Equal(["key-1"], replaced!.KeysById.Keys);
        Assert.Equal(first!.Version + 1, replaced.Version);
    }

    [Fact]
    public async Task Keys_are_not_refreshed_before_the_refresh_interval()
    {
        var cache = NewCache();
        await cache.GetAsync(CancellationToken.None);
        _time.Advance(RefreshInterval - TimeSpan.FromSeconds(1));

        for (var i = 0; i < 10; i++)
        {
            await cache.GetAsync(CancellationToken.None);
        }

        Assert.Equal(1, _issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Failed_refresh_keeps_the_last_good_keys()
    {
        var cache = NewCache();
        var good = await cache.GetAsync(CancellationToken.None);
        _issuer.IsAvailable = false;
        _time.Advance(RefreshInterval);

        var afterUnknownKid = await cache.RefreshForUnknownKeyAsync(CancellationToken.None);
        var afterSchedule = await cache.GetAsync(CancellationToken.None);

        Assert.Same(good, afterUnknownKid);
        Assert.Same(good, afterSchedule);
        Assert.True(_issuer.RefusedRequestCount > 0);
    }

    [Fact]
    public async Task Cold_start_failure_answers_null_and_retries_only_after_the_min_interval()
    {
        var cache = NewCache();
        _issuer.IsAvailable = false;

        Assert.Null(await cache.GetAsync(CancellationToken.None));
        var refused = _issuer.RefusedRequestCount;
        _issuer.IsAvailable = true;
        Assert.Null(await cache.GetAsync(CancellationToken.None));
        Assert.Null(await cache.RefreshForUnknownKeyAsync(CancellationToken.None));
        Assert.Equal(refused, _issuer.RefusedRequestCount);
        Assert.Equal(0, _issuer.MetadataRequestCount);

        _time.Advance(MinInterval);
        Assert.NotNull(await cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Hung_issuer_is_given_up_on_after_MetadataTimeout()
    {
        var cache = NewCache(o => o.MetadataTimeout = TimeSpan.FromSeconds(5));
        _issuer.ResponseDelay = TimeSpan.FromMinutes(5);

        var pending = cache.GetAsync(CancellationToken.None).AsTask();
        await Eventually.TrueAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            return pending.IsCompleted;
        }, "the metadata timeout");

        Assert.Null(await pending);
    }

    [Fact]
    public async Task Waiting_caller_can_cancel_without_cancelling_the_fetch()
    {
        var cache = NewCache();
        _issuer.ResponseDelay = TimeSpan.FromMilliseconds(300);
        using var cancel = new CancellationTokenSource();

        var waiting = cache.GetAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.NotNull(await cache.GetAsync(CancellationToken.None));
        Assert.Equal(1, _issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Discovery_document_naming_another_issuer_is_refused()
    {
        var cache = NewCache(o =>
        {
            o.Authority = "http://127.0.0.1:1";
            o.MetadataAddress = _issuer.Authority + "/.well-known/openid-configuration";
        });

        Assert.Null(await cache.GetAsync(CancellationToken.None));
        Assert.Equal(1, _issuer.MetadataRequestCount);
        Assert.Null(cache.Current);
    }

    [Fact]
    public async Task Configured_issuer_overrides_the_discovered_one()
    {
        var cache = NewCache(o =>
        {
            o.Authority = "http://127.0.0.1:1";
            o.Issuer = "urn:our-issuer";
            o.MetadataAddress = _issuer.Authority + "/.well-known/openid-configuration";
        });

        var keys = await cache.GetAsync(CancellationToken.None);

        Assert.Equal("urn:our-issuer", keys!.Issuer);
    }

    [Fact]
    public async Task Explicit_JwksUri_skips_discovery_and_expects_the_Authority_as_issuer()
    {
        var cache = NewCache(o => o.JwksUri = _issuer.Authority + "/.well-known/jwks.json");

        var keys = await cache.GetAsync(CancellationToken.None);

        Assert.Equal(_issuer.Authority, keys!.Issuer);
        Assert.Equal(0, _issuer.MetadataRequestCount);
        Assert.Equal(1, _issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Http_metadata_is_refused_when_https_is_required()
    {
        var cache = NewCache(o => o.RequireHttpsMetadata = true);

        Assert.Null(await cache.GetAsync(CancellationToken.None));
        Assert.Equal(0, _issuer.MetadataRequestCount);
    }

    private SigningKeyCache NewCache(Action<ServiceAuthOptions>? configure = null)
    {
        var options = new ServiceAuthOptions
        {
            Authority = _issuer.Authority,
            Audience = "pricing-service",
            RequireHttpsMetadata = false,
            KeyRefreshMinInterval = MinInterval,
            KeyRefreshInterval = RefreshInterval,
        };
        configure?.Invoke(options);
        return new SigningKeyCache(Options.Create(options), new LoopbackHttpClientFactory(), _time, NullLogger<SigningKeyCache>.Instance);
    }

    private sealed class LoopbackHttpClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(30) };
    }
}
