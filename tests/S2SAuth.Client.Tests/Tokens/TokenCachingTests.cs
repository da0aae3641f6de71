using System.Net;
using S2SAuth.Client.Tokens;

namespace S2SAuth.Client.Tests.Tokens;

public sealed class TokenCachingTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private TokenSlot Slot() =>
        _h.Services.GetRequiredService<ServiceTokenCache>().GetSlot(TokenKey.For(ClientHarness.Audience, [ClientHarness.Scope]));

    private string[] TokensSeen() => _h.Downstream.Requests.Select(r => r.Header("X-Service-Token")!).ToArray();

    [Fact]
    public async Task Token_is_reused_across_calls()
    {
        var client = _h.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            (await client.GetAsync("/prices")).EnsureSuccessStatusCode();
        }

        Assert.Equal(1, _h.Issuer.TokenRequestCount);
        Assert.Single(TokensSeen().Distinct());
    }

    [Fact]
    public async Task One_token_per_audience_and_scope_set_whatever_the_scope_order()
    {
        var services = _h.NewServices();
        void Add(string name, string audience, params string[] scopes) =>
            services.AddHttpClient(name, c => c.BaseAddress = _h.Downstream.BaseUri).AddServiceTokenHandler(o =>
            {
                o.Audience = audience;
                foreach (var s in scopes)
                {
                    o.Scopes.Add(s);
                }
            });
        Add("pricing", "pricing-service", "pricing.resolve");
        Add("pricing-both", "pricing-service", "pricing.resolve", "pricing.read");
        Add("pricing-both-reordered", "pricing-service", "pricing.read", "pricing.resolve", "pricing.read");
        Add("billing", "billing-service", "pricing.resolve");
        var factory = _h.Build(services).GetRequiredService<IHttpClientFactory>();

        foreach (var name in new[] { "pricing", "pricing-both", "pricing-both-reordered", "billing", "pricing" })
        {
            (await factory.CreateClient(name).GetAsync("/x")).EnsureSuccessStatusCode();
        }

        Assert.Equal(3, _h.Issuer.TokenRequestCount);
        var tokens = TokensSeen();
        Assert.Equal(tokens[0], tokens[4]);
        Assert.Equal(tokens[1], tokens[2]);
        Assert.Equal(3, tokens.Distinct().Count());
        Assert.Equal("billing-service", Jwt.Payload(tokens[3]).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Five_hundred_concurrent_cold_calls_make_exactly_one_token_request()
    {
        var client = _h.CreateClient();
        _h.Issuer.HoldTokenRequests();

        var calls = Enumerable.Range(0, 500).Select(i => client.GetAsync($"/prices/{i}")).ToArray();
        await Eventually.TrueAsync(() => Slot().Waiting == 500 && _h.Issuer.TokenRequestCount == 1, "all 500 calls waiting for the one token request");
        _h.Issuer.ReleaseTokenRequests();
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
        Assert.Equal(500, _h.Downstream.Requests.Count);
        Assert.Single(TokensSeen().Distinct());
    }

    [Fact]
    public async Task Token_is_refreshed_ahead_of_expiry_while_calls_keep_using_the_cached_one()
    {
        var client = _h.CreateClient();
        await client.GetAsync("/1");
        var first = Slot().Current!;

        _h.Time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(10)); // 50 s left: inside the 60 s refresh window
        _h.Issuer.HoldTokenRequests();
        var during = await client.GetAsync("/2"); // completes while the refresh is held at the issuer
        await Eventually.TrueAsync(() => _h.Issuer.TokenRequestCount == 2, "the background refresh reaches the issuer");
        var alsoDuring = await client.GetAsync("/3");
        _h.Issuer.ReleaseTokenRequests();
        await Eventually.TrueAsync(() => !ReferenceEquals(Slot().Current, first), "the refreshed token replaces the cached one");
        await client.GetAsync("/4");

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alsoDuring.StatusCode);
        var tokens = TokensSeen();
        Assert.Equal([first.Value, first.Value, first.Value], tokens[..3]);
        Assert.NotEqual(first.Value, tokens[3]);
        Assert.Equal(2, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Expired_token_is_never_sent()
    {
        var client = _h.CreateClient();
        await client.GetAsync("/1");

        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await client.GetAsync("/2");

        var tokens = TokensSeen();
        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.Equal(2, _h.Issuer.TokenRequestCount);
        var exp = DateTimeOffset.FromUnixTimeSeconds(Jwt.Payload(tokens[1]).GetProperty("exp").GetInt64());
        Assert.True(exp > _h.Time.GetUtcNow());
    }

    [Fact]
    public async Task Cached_token_keeps_working_while_the_issuer_is_down_then_the_call_fails_closed()
    {
        var client = _h.CreateClient();
        await client.GetAsync("/1");
        _h.Issuer.IsAvailable = false;

        _h.Time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(10));
        (await client.GetAsync("/2")).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => _h.Logs.Entries.Any(e => e.EventId.Id == 2003), "the failed background refresh is logged");
        (await client.GetAsync("/3")).EnsureSuccessStatusCode();
        _h.Time.Advance(TimeSpan.FromSeconds(46)); // 4 s left: under the 5 s margin, no longer sent
        var e = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/4"));

        Assert.Equal(ServiceTokenFailureReason.IssuerUnavailable, e.Reason);
        Assert.Equal(["/1", "/2", "/3"], _h.Downstream.Requests.Select(r => r.PathAndQuery));
        Assert.Single(TokensSeen().Distinct());
    }

    [Fact]
    public async Task Cold_start_with_the_issuer_down_fails_closed_and_the_downstream_receives_nothing()
    {
        _h.Issuer.IsAvailable = false;
        var client = _h.CreateClient();

        var e = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/prices"));

        Assert.Equal(ServiceTokenFailureReason.DiscoveryFailed, e.Reason);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Failing_token_endpoint_fails_closed_backs_off_and_recovers_when_the_issuer_returns()
    {
        var client = _h.CreateClient();
        _h.Issuer.TokenEndpointFailureStatus = 503;

        var first = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/1"));
        var duringBackoff = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/2"));
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
        _h.Issuer.TokenEndpointFailureStatus = null;
        _h.Time.Advance(TimeSpan.FromSeconds(2));
        var recovered = await client.GetAsync("/3");

        Assert.Equal(ServiceTokenFailureReason.IssuerUnavailable, first.Reason);
        Assert.Equal("http_503", first.Error);
        Assert.Equal(ServiceTokenFailureReason.IssuerUnavailable, duringBackoff.Reason);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(2, _h.Issuer.TokenRequestCount);
        Assert.Equal("/3", _h.Downstream.Single().PathAndQuery);
    }

    [Fact]
    public async Task Caller_cancellation_does_not_cancel_the_shared_token_request()
    {
        var client = _h.CreateClient();
        _h.Issuer.HoldTokenRequests();
        using var cts = new CancellationTokenSource();

        var cancelled = client.GetAsync("/1", cts.Token);
        var other = client.GetAsync("/2");
        await Eventually.TrueAsync(() => Slot().Waiting == 2, "both calls waiting");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _h.Issuer.ReleaseTokenRequests();

        Assert.Equal(HttpStatusCode.OK, (await other).StatusCode);
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
        Assert.Equal("/2", _h.Downstream.Single().PathAndQuery);
    }
}
