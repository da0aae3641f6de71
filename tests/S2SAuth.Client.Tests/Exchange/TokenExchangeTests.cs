using System.Net;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Exchange;

namespace S2SAuth.Client.Tests.Exchange;

/// <summary>
/// <see cref="UserTokenMode.Exchange"/> against a real issuer and downstream on loopback: what is sent, what is cached,
/// and that no failure ever falls back to forwarding the user's own token.
/// </summary>
public sealed class TokenExchangeTests : IAsyncLifetime
{
    private ClientHarness _h = null!;
    private string _userToken = null!;

    public async Task InitializeAsync()
    {
        _h = await ClientHarness.StartAsync();
        _userToken = UserToken("user_123");
        _h.Context.UserToken = _userToken;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_user_scoped_call_carries_a_token_exchanged_for_the_downstream_and_never_the_user_token_itself()
    {
        var client = ExchangingClient();

        var response = await client.GetAsync("/prices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Bearer(_h.Downstream.Single());
        Assert.NotEqual(_userToken, sent);
        var claims = Jwt.Payload(sent);
        Assert.Equal("user_123", claims.GetProperty("sub").GetString());
        Assert.Equal(ClientHarness.Audience, claims.GetProperty("aud").GetString());
        Assert.Equal([ClientHarness.Scope], claims.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(ClientHarness.ClientId, claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(ClientHarness.Scope, claims.GetProperty("scope").GetString());
        Assert.Equal(1, _h.Issuer.TokenExchangeCount);
    }

    [Fact]
    public async Task Exchange_scopes_can_differ_from_the_service_token_scopes()
    {
        var client = ExchangingClient(o => o.ExchangeScopes.Add("pricing.read"));

        await client.GetAsync("/prices");

        Assert.Equal(["pricing.read"], Jwt.Payload(Bearer(_h.Downstream.Single())).GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task ExchangeAudience_is_asked_for_the_exchange_and_Audience_stays_the_service_tokens()
    {
        var client = ExchangingClient(o => o.ExchangeAudience = "pricing-internal");

        await client.GetAsync("/prices");

        var received = _h.Downstream.Single();
        Assert.Equal("pricing-internal", Jwt.Payload(Bearer(received)).GetProperty("aud").GetString());
        Assert.Equal(ClientHarness.Audience, Jwt.Payload(received.Header("X-Service-Token")!).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task A_cached_exchanged_token_is_reused_without_asking_the_issuer_again()
    {
        var client = ExchangingClient();

        await client.GetAsync("/a");
        await client.GetAsync("/b");
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await client.GetAsync("/c");

        Assert.Equal(1, _h.Issuer.TokenExchangeCount);
        Assert.Single(_h.Downstream.Requests.Select(Bearer).Distinct());
    }

    [Fact]
    public async Task Another_user_token_gets_its_own_exchange()
    {
        var client = ExchangingClient();

        await client.GetAsync("/a");
        _h.Context.UserToken = UserToken("user_456");
        await client.GetAsync("/b");

        Assert.Equal(2, _h.Issuer.TokenExchangeCount);
        var subjects = _h.Downstream.Requests.Select(r => Jwt.Payload(Bearer(r)).GetProperty("sub").GetString()!).ToArray();
        Assert.Equal(["user_123", "user_456"], subjects);
    }

    [Fact]
    public async Task A_hundred_concurrent_calls_for_one_user_make_one_exchange()
    {
        var client = ExchangingClient(o => o.ExchangeScopes.Add("pricing.read"));
        var warmUser = UserToken("warm-up");
        _h.Context.UserToken = warmUser;
        await client.GetAsync("/warm-up"); // the service token is cached; only exchanges go to the issuer from here
        _h.Context.UserToken = _userToken;
        _h.Issuer.ResetCounters();
        _h.Issuer.HoldTokenRequests();

        var calls = Enumerable.Range(0, 100).Select(i => client.GetAsync("/prices/" + i)).ToArray();
        await Eventually.TrueAsync(() => _h.Issuer.TokenRequestCount == 1, "the one exchange reached the issuer");
        _h.Issuer.ReleaseTokenRequests();
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _h.Issuer.TokenExchangeCount);
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
        Assert.Single(_h.Downstream.Requests.Where(r => r.PathAndQuery.StartsWith("/prices/", StringComparison.Ordinal)).Select(Bearer).Distinct());
    }

    [Fact]
    public async Task A_scope_the_user_token_does_not_hold_is_refused_before_the_issuer_is_asked()
    {
        var client = ExchangingClient(o => o.ExchangeScopes.Add("billing.charge"));

        var refused = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/prices"));

        Assert.Equal(OutgoingCallRefusalReason.UserTokenExchangeNotNarrower, refused.Reason);
        Assert.Equal(0, _h.Issuer.TokenExchangeCount);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Fact]
    public async Task An_exchange_the_issuer_refuses_fails_the_call_and_nothing_is_forwarded()
    {
        // The user holds admin.all, but the issuer does not let this client ask for it: invalid_scope.
        _h.Context.UserToken = UserToken("user_123", ["pricing.resolve", "admin.all"]);
        var client = ExchangingClient(o => o.ExchangeScopes.Add("admin.all"));

        var refused = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/prices"));

        Assert.Equal(OutgoingCallRefusalReason.UserTokenExchangeFailed, refused.Reason);
        Assert.Contains("invalid_scope", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, _h.Issuer.TokenExchangeCount);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Issuer_down_fails_closed_and_the_failure_is_kept_for_the_backoff()
    {
        var client = ExchangingClient();
        _h.Context.UserToken = UserToken("warm-up");
        await client.GetAsync("/warm-up");
        _h.Context.UserToken = _userToken;
        _h.Issuer.IsAvailable = false;
        _h.Issuer.ResetCounters();

        var first = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/a"));
        var second = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/b"));

        Assert.Equal(OutgoingCallRefusalReason.UserTokenExchangeFailed, first.Reason);
        Assert.Contains("http_503", first.Message, StringComparison.Ordinal);
        Assert.Equal(OutgoingCallRefusalReason.UserTokenExchangeFailed, second.Reason);
        Assert.Equal(1, _h.Issuer.RefusedRequestCount); // the second call did not ask again within TokenFailureBackoff
        Assert.Single(_h.Downstream.Requests); // the warm-up only

        _h.Issuer.IsAvailable = true;
        _h.Time.Advance(TimeSpan.FromSeconds(3));
        var response = await client.GetAsync("/c");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("user_123", Jwt.Payload(Bearer(_h.Downstream.Requests.Last())).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task The_exchanged_token_is_not_used_past_the_user_tokens_expiry()
    {
        _h.Context.UserToken = _h.Issuer.UserToken("user_123", "orders-service", "tenant_a", ["pricing.resolve"]).ExpiresIn(TimeSpan.FromMinutes(2), _h.Time).Build();
        var client = ExchangingClient();
        await client.GetAsync("/a");
        Assert.Equal(_h.Context.UserToken is { } t ? Jwt.Payload(t).GetProperty("exp").GetInt64() : 0,
            Jwt.Payload(Bearer(_h.Downstream.Single())).GetProperty("exp").GetInt64());

        _h.Time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(4)); // within TokenExpiryMargin (5 s) of the user token's exp
        var refused = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/b"));

        Assert.Equal(OutgoingCallRefusalReason.UserTokenExchangeFailed, refused.Reason);
        Assert.Contains("subject_token_expired", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, _h.Issuer.TokenExchangeCount);
    }

    [Fact]
    public async Task A_revoked_user_token_or_a_cut_off_user_is_forgotten_and_exchanged_again()
    {
        var client = ExchangingClient();
        var cache = _h.Services.GetRequiredService<ExchangedTokenCache>();
        await client.GetAsync("/a");
        var jti = Jwt.Payload(_userToken).GetProperty("jti").GetString()!;

        Assert.Equal(0, cache.ForgetToken("https://elsewhere.example", jti));
        Assert.Equal(1, cache.ForgetToken(_h.Issuer.Issuer, jti));
        await client.GetAsync("/b");
        Assert.Equal(1, cache.ForgetSubject(_h.Issuer.Issuer, "user_123", _h.Time.GetUtcNow().AddSeconds(1)));
        await client.GetAsync("/c");
        var exchangedJti = Jwt.Payload(Bearer(_h.Downstream.Requests.Last())).GetProperty("jti").GetString()!;
        Assert.Equal(1, cache.ForgetToken(_h.Issuer.Issuer, exchangedJti)); // the exchanged token's own jti too
        await client.GetAsync("/d");

        Assert.Equal(4, _h.Issuer.TokenExchangeCount);
        Assert.Equal(0, cache.ForgetSubject(_h.Issuer.Issuer, "user_123", _h.Time.GetUtcNow().AddSeconds(-3600)));
    }

    [Fact]
    public async Task The_cache_is_bounded_in_entries()
    {
        var client = ExchangingClient(settings: new Dictionary<string, string?> { ["ServiceAuth:ExchangedTokenCacheMaxEntries"] = "3" });
        var cache = _h.Services.GetRequiredService<ExchangedTokenCache>();

        for (var i = 0; i < 8; i++)
        {
            _h.Context.UserToken = UserToken("user_" + i);
            var response = await client.GetAsync("/a");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.InRange(cache.Count, 1, 3);
        }

        Assert.InRange(cache.Bytes, 1, 3 * (256 + (4 * 2048)));
    }

    [Fact]
    public async Task The_cache_is_bounded_in_memory()
    {
        var client = ExchangingClient(settings: new Dictionary<string, string?> { ["ServiceAuth:ExchangedTokenCacheMaxBytes"] = "65536" });
        var cache = _h.Services.GetRequiredService<ExchangedTokenCache>();
        var padding = new string('x', 8000); // a ~11 KB user token: an entry accounts for ~2 × (11 + 1) KB

        for (var i = 0; i < 10; i++)
        {
            _h.Context.UserToken = _h.Issuer.UserToken("user_" + i, "orders-service", "tenant_a", ["pricing.resolve"]).Claim("padding", padding).Build();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/a")).StatusCode);
            Assert.InRange(cache.Bytes, 1, 65536 + (2 * 4096));
        }

        Assert.InRange(cache.Count, 1, 3);
    }

    [Fact]
    public async Task No_user_token_and_no_exchanged_token_appears_in_any_log_line()
    {
        var client = ExchangingClient();
        await client.GetAsync("/a");
        _h.Issuer.IsAvailable = false;
        _h.Context.UserToken = UserToken("user_789");
        await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/b"));

        var logs = _h.Logs.AllText();
        Assert.Contains("2401", string.Join(',', _h.Logs.Entries.Select(e => e.EventId.Id)), StringComparison.Ordinal);
        Assert.Contains(_h.Logs.Entries, e => e.EventId.Id == 2402);
        foreach (var token in _h.Issuer.IssuedAccessTokens.Append(_userToken).Append(_h.Context.UserToken!))
        {
            Assert.DoesNotContain(token.Split('.')[1], logs, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Exchange_without_an_audience_fails_when_the_client_is_created()
    {
        var services = _h.NewServices();
        services.AddHttpClient("no-audience", c => c.BaseAddress = _h.Downstream.BaseUri).AddServiceTokenHandler(o =>
        {
            o.UserScoped = true;
            o.UserToken = UserTokenMode.Exchange;
        });
        var factory = _h.Build(services).GetRequiredService<IHttpClientFactory>();

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient("no-audience"));

        Assert.Contains("UserToken is Exchange, so ExchangeAudience (or Audience) is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_only_call_of_an_exchanging_client_exchanges_nothing()
    {
        var client = ExchangingClient(o => o.UserScoped = false);

        await client.GetAsync("/a");

        Assert.Equal(0, _h.Issuer.TokenExchangeCount);
        Assert.Null(_h.Downstream.Single().Header("Authorization"));
    }

    private HttpClient ExchangingClient(Action<ServiceTokenHandlerOptions>? configure = null, IDictionary<string, string?>? settings = null) =>
        _h.CreateClient(o =>
        {
            o.UserScoped = true;
            o.UserToken = UserTokenMode.Exchange;
            configure?.Invoke(o);
        }, settings: settings);

    private string UserToken(string userId, string[]? permissions = null) =>
        _h.Issuer.UserToken(userId, "orders-service", "tenant_a", permissions ?? ["pricing.resolve", "pricing.read"]).Build();

    private static string Bearer(RecordedRequest request) =>
        request.Header("Authorization") is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..] : throw new InvalidOperationException("no bearer token");
}
