using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Introspection;
using S2SAuth.Revocation;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Introspection;

/// <summary>
/// Central verification (RFC 7662) against a real <see cref="TestIssuer"/> introspection endpoint on loopback: a
/// live-checked endpoint accepts a locally verified token only when the issuer says it is active; answers are cached
/// briefly, shared by concurrent requests, dropped on revocation; an issuer that cannot answer is 503, never an allow.
/// Calls are counted at the issuer's endpoint itself.
/// </summary>
public sealed class LiveCheckTests : IAsyncLifetime
{
    internal const string ClientId = "pricing-service";
    internal const string ClientSecret = "pricing-introspection-secret-5b1e";
    private const string Capture = "payment.capture";

    private TestIssuer _issuer = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _issuer.AddClient(ClientId, ClientSecret);
        _api = await StartApiAsync(_issuer);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    internal static Task<TestApi> StartApiAsync(TestIssuer issuer, Action<IntrospectionOptions>? introspection = null, bool addIntrospection = true, string clientSecret = ClientSecret) =>
        TestApi.StartAsync(issuer,
            o =>
            {
                o.ClientId = ClientId;
                o.ClientSecret = clientSecret;
            },
            services =>
            {
                if (addIntrospection)
                {
                    services.AddServiceAuth(_ => { }).AddIntrospection(o =>
                    {
                        o.Activities.Add(Capture);
                        introspection?.Invoke(o);
                    });
                }
            },
            app =>
            {
                app.MapGet("/live", (ServiceIdentity caller) => caller.ServiceId).RequireIdentities(RequiredIdentities.ServiceOnly).RequireLiveCheck();
                app.MapGet("/live-user", (UserIdentity user) => user.UserId).RequireLiveCheck();
                app.MapGet("/live-attribute", (ServiceIdentity caller) => caller.ServiceId).RequireIdentities(RequiredIdentities.ServiceOnly)
                    .WithMetadata(new RequireLiveCheckAttribute());
                app.MapGet("/capture", (ServiceIdentity caller) => caller.ServiceId).RequireActivity(Capture, RequiredIdentities.ServiceOnly);
                app.MapGet("/refund", (ServiceIdentity caller) => caller.ServiceId).RequireActivity("payment.refund", RequiredIdentities.ServiceOnly);
            });

    private string Token(params string[] scopes) => _api.ServiceToken("orders-service", scopes.Length == 0 ? [Capture, "payment.refund"] : scopes).Build();

    private IntrospectionCache Cache => _api.App.Services.GetRequiredService<IntrospectionCache>();

    [Fact]
    public async Task Active_token_passes_the_live_check_and_a_repeat_within_the_cache_duration_makes_no_second_call()
    {
        var token = Token();

        var first = await _api.GetAsync("/live", token);
        var second = await _api.GetAsync("/live", token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, _issuer.IntrospectionRequestCount);
        Assert.Equal(1, Cache.Hits);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1400);
    }

    [Fact]
    public async Task Inactive_token_is_refused_401_token_inactive_although_it_verifies_locally()
    {
        var token = Token();
        _issuer.DeactivateToken(token);

        var response = await _api.GetAsync("/live", token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Parameter!.Contains("error_description=\"token_inactive\"", StringComparison.Ordinal));
        Assert.Equal(1, _issuer.IntrospectionRequestCount);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1401 && e.Values["TokenKind"] == "Service");
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1101 && e.Values["ErrorCode"] == AuthErrorCodes.TokenInactive);

        // The inactive answer is cached briefly too: a repeat makes no call.
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/live", token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
        Assert.Equal(1, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task Same_token_is_accepted_on_an_endpoint_without_a_live_check_and_makes_no_call()
    {
        var token = Token();
        _issuer.DeactivateToken(token);

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/refund", token)).StatusCode);
        Assert.Equal(0, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task Activity_listed_in_options_needs_the_live_check_and_the_attribute_works_like_the_convention()
    {
        var token = Token();
        _issuer.DeactivateToken(token);

        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/capture", token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/live-attribute", token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/capture", Token())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live-attribute", Token())).StatusCode);
        Assert.Equal(3, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task Issuer_introspection_error_answers_503_introspection_unavailable_with_retry_after_and_is_not_cached()
    {
        var token = Token();
        _issuer.IntrospectionFailureStatus = 500;

        var response = await _api.GetAsync("/live", token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1402 && e.Values["Reason"] == "http_500");

        _issuer.IntrospectionFailureStatus = null;
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live", token)).StatusCode);
        Assert.Equal(2, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task Issuer_down_answers_503_introspection_unavailable_never_an_allow()
    {
        var issuer = await TestIssuer.StartAsync();
        issuer.AddClient(ClientId, ClientSecret);
        await using var api = await StartApiAsync(issuer);
        var token = api.ServiceToken("orders-service", Capture).Build();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/system", token)).StatusCode); // keys fetched while it was up
        }
        finally
        {
            await issuer.DisposeAsync(); // the issuer is gone: connection refused
        }

        var response = await api.GetAsync("/live", token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains(api.Logs.Entries, e => e.EventId.Id == 1402 && e.Values["Reason"] is "unreachable" or "no_introspection_endpoint" or "timeout");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/system", token)).StatusCode); // local verification still works
    }

    [Fact]
    public async Task Answer_that_is_not_rfc_7662_answers_503_never_an_allow()
    {
        _issuer.IntrospectionResponder = _ => new Dictionary<string, object?> { ["active"] = "true" };

        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/live", Token()), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1402 && e.Values["Reason"] == "invalid_answer");
    }

    [Theory]
    [InlineData("aud")]
    [InlineData("iss")]
    [InlineData("jti")]
    [InlineData("exp")]
    public async Task Active_answer_that_contradicts_the_token_is_refused_401_introspection_mismatch(string claim)
    {
        var token = Token();
        var exp = DateTimeOffset.UtcNow.AddMinutes(4).ToUnixTimeSeconds();
        _issuer.IntrospectionResponder = _ => new Dictionary<string, object?>
        {
            ["active"] = true,
            [claim] = claim switch { "aud" => "billing-service", "iss" => "https://evil.example", "jti" => "another-token", _ => exp },
        };

        var response = await _api.GetAsync("/live", token);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.IntrospectionMismatch);
        Assert.Contains($"'{claim}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1403 && e.Values["Claim"] == claim);
    }

    [Fact]
    public async Task Fifty_concurrent_requests_for_one_token_make_one_call()
    {
        var token = Token();
        _issuer.HoldIntrospectionRequests();

        var requests = Enumerable.Range(0, 50).Select(_ => _api.GetAsync("/live", token)).ToArray();
        await Eventually.TrueAsync(() => _issuer.IntrospectionRequestCount == 1 && Cache.Joins == 49, "one call held at the issuer and 49 requests waiting for it");
        _issuer.ReleaseIntrospectionRequests();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _issuer.IntrospectionRequestCount);
        Assert.Equal(1, Cache.Calls);
    }

    [Fact]
    public async Task Revoked_jti_purges_the_cached_active_answer_so_the_next_request_asks_the_issuer_again()
    {
        var token = Token();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live", token)).StatusCode);
        _issuer.DeactivateToken(token); // revoked at the issuer; the cached "active" would hide it for CacheDuration
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live", token)).StatusCode);
        Assert.Equal(1, _issuer.IntrospectionRequestCount);

        var observer = Assert.Single(_api.App.Services.GetServices<IRevocationObserver>().OfType<IntrospectionCache>());
        observer.TokenRevoked(_issuer.Issuer, Jwt.Payload(token).GetProperty("jti").GetString()!);

        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/live", token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
        Assert.Equal(2, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task Subject_cut_off_purges_the_answers_of_that_subject_only()
    {
        var (orders, billing) = (Token(), _api.ServiceToken("billing-worker").Build());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live", orders)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live", billing)).StatusCode);

        Cache.SubjectCutOff(_issuer.Issuer, "orders-service", DateTimeOffset.UtcNow.AddMinutes(1));
        Cache.TokenRevoked(_issuer.Issuer, string.Empty); // "no id" names no token: purges nothing
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live", orders)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live", billing)).StatusCode);

        Assert.Equal(3, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task User_token_is_introspected_too_and_an_inactive_one_is_refused()
    {
        var (service, user) = (Token(), _api.UserToken().Build());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live-user", service, user)).StatusCode);
        Assert.Equal(2, _issuer.IntrospectionRequestCount);

        var other = _api.UserToken("user_456").Build();
        _issuer.DeactivateToken(other);
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/live-user", service, other), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1401 && e.Values["TokenKind"] == "User");
    }

    [Fact]
    public async Task Forged_tokens_never_reach_the_issuer()
    {
        for (var i = 0; i < 20; i++)
        {
            var forged = Token()[..^4] + (i % 2 == 0 ? "AAAA" : "BBBB");
            Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/live", forged)).StatusCode);
        }

        Assert.Equal(0, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task No_token_and_no_client_secret_in_any_log_line()
    {
        var (active, inactive) = (Token(), Token());
        _issuer.DeactivateToken(inactive);
        await _api.GetAsync("/live", active);
        await _api.GetAsync("/live", inactive);
        _issuer.IntrospectionFailureStatus = 503;
        await _api.GetAsync("/live", Token());

        var text = _api.Logs.AllText();
        Assert.DoesNotContain(ClientSecret, text, StringComparison.Ordinal);
        foreach (var token in new[] { active, inactive })
        {
            foreach (var segment in token.Split('.'))
            {
                Assert.DoesNotContain(segment, text, StringComparison.Ordinal);
            }
        }

        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id is 1400);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id is 1401);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id is 1402);
    }
}
