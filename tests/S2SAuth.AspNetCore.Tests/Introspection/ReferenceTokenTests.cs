using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Introspection;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Introspection;

/// <summary>
/// Reference (opaque) tokens accepted through RFC 7662 introspection (<c>AcceptReferenceTokens</c>), against a real
/// <see cref="TestIssuer"/> introspection endpoint on loopback: the answer's claims are held to the JWT rules; a
/// malformed string never reaches the issuer; the issuer is protected by a bound on concurrent reference calls.
/// Calls are counted at the issuer's endpoint itself.
/// </summary>
public sealed class ReferenceTokenTests : IAsyncLifetime
{
    private TestIssuer _issuer = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _issuer.AddClient(LiveCheckTests.ClientId, LiveCheckTests.ClientSecret);
        _api = await StartAsync(_issuer);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private static Task<TestApi> StartAsync(TestIssuer issuer, bool accept = true, int maxCalls = 16) =>
        LiveCheckTests.StartApiAsync(issuer, o =>
        {
            o.AcceptReferenceTokens = accept;
            o.MaxConcurrentReferenceCalls = maxCalls;
        });

    private string ReferenceServiceToken(string serviceId = "orders-service") =>
        _issuer.ReferenceToken(_api.ServiceToken(serviceId, "order.confirm", "order.read").Build());

    private string ReferenceUserToken() => _issuer.ReferenceToken(_api.UserToken("user_123", "tenant_789").Build());

    private IntrospectionCache Cache => _api.App.Services.GetRequiredService<IntrospectionCache>();

    [Fact]
    public async Task Opaque_service_and_user_tokens_are_accepted_with_the_identities_of_the_issuers_answers()
    {
        var service = ReferenceServiceToken();
        var user = ReferenceUserToken();
        Assert.Equal(0, service.Count(c => c == '.'));

        var response = await _api.GetAsync("/whoami", service, user);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("orders-service", body.GetProperty("service").GetString());
        Assert.Equal("user_123", body.GetProperty("user").GetString());
        Assert.Equal("tenant_789", body.GetProperty("tenant").GetString());
        Assert.Equal(["order.confirm", "order.read"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.Equal(2, _issuer.IntrospectionRequestCount);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1410 && e.Values["TokenKind"] == "Service");
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1410 && e.Values["TokenKind"] == "User");

        // Nothing of either token in the logs.
        var text = _api.Logs.AllText();
        Assert.DoesNotContain(service, text, StringComparison.Ordinal);
        Assert.DoesNotContain(user, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_request_is_served_from_the_introspection_cache_and_revocation_still_runs()
    {
        var service = ReferenceServiceToken();

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", service)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", service)).StatusCode);

        Assert.Equal(1, _issuer.IntrospectionRequestCount);
        Assert.Equal(1, Cache.Hits);
    }

    [Fact]
    public async Task Inactive_reference_token_is_refused_401_token_inactive_and_the_answer_is_cached()
    {
        var service = ReferenceServiceToken();
        _issuer.DeactivateToken(service);

        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/system", service), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/system", service), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);

        Assert.Equal(1, _issuer.IntrospectionRequestCount);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1411);
        Assert.DoesNotContain(service, _api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_string_is_inactive_at_the_issuer()
    {
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/system", "no-such-token_abc~1"), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
        Assert.Equal(1, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task With_the_option_off_an_opaque_token_is_token_malformed_and_no_call_is_made()
    {
        await using var api = await StartAsync(_issuer, accept: false);
        var service = _issuer.ReferenceToken(api.ServiceToken().Build());

        await ProblemAssert.IsProblemAsync(await api.GetAsync("/system", service), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);

        Assert.Equal(0, _issuer.IntrospectionRequestCount);
    }

    [Theory]
    [InlineData("abc def")]
    [InlineData("abc\"def")]
    [InlineData("abc=def")]
    [InlineData("=")]
    [InlineData("tok%41en")]
    public async Task String_outside_the_b64token_characters_is_token_malformed_with_no_call(string token)
    {
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/system", token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);

        Assert.Equal(0, _issuer.IntrospectionRequestCount);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1414);
    }

    [Fact]
    public async Task Too_long_string_is_refused_token_too_large_like_any_token_with_no_call()
    {
        var token = new string('a', (16 * 1024) + 1);

        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/system", token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTooLarge);

        Assert.Equal(0, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task Issuer_down_is_503_introspection_unavailable_with_retry_after_and_is_not_cached()
    {
        var service = ReferenceServiceToken();
        _issuer.IntrospectionFailureStatus = 503;

        var response = await _api.GetAsync("/system", service);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 1412 && e.Values["Reason"] == "http_503");

        _issuer.IntrospectionFailureStatus = null;
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", service)).StatusCode);
        Assert.Equal(2, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task Beyond_the_bound_on_concurrent_reference_calls_a_new_token_is_503_without_a_call()
    {
        await using var api = await StartAsync(_issuer, maxCalls: 1);
        var first = _issuer.ReferenceToken(api.ServiceToken().Build());
        var second = _issuer.ReferenceToken(api.ServiceToken("billing-service").Build());
        _issuer.HoldIntrospectionRequests();
        try
        {
            var held = api.GetAsync("/system", first);
            await Eventually.TrueAsync(() => _issuer.IntrospectionRequestCount == 1, "the first call reached the issuer");

            var refused = await api.GetAsync("/system", second);

            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal(1, _issuer.IntrospectionRequestCount);
            Assert.Contains(api.Logs.Entries, e => e.EventId.Id == 1413);

            _issuer.ReleaseIntrospectionRequests();
            Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
        }
        finally
        {
            _issuer.ReleaseIntrospectionRequests();
        }

        // The bound is on calls in flight: with the first done, the second token is asked about.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/system", second)).StatusCode);
        Assert.Equal(2, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task User_shaped_answer_sent_as_the_service_token_is_token_type_invalid()
    {
        var user = ReferenceUserToken();

        var response = await _api.GetAsync("/system", user);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Service_shaped_answer_sent_as_the_user_token_is_token_type_invalid()
    {
        var service = ReferenceServiceToken();

        var response = await _api.GetAsync("/gateway", userToken: service);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Answer_for_another_audience_or_issuer_is_refused()
    {
        var otherAudience = _issuer.ReferenceToken(_issuer.ServiceToken("orders-service", "inventory-service", ["order.confirm"]).Build());
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/system", otherAudience), HttpStatusCode.Unauthorized, AuthErrorCodes.AudienceInvalid);

        _issuer.IntrospectionResponder = _ => new Dictionary<string, object?>
        {
            ["active"] = true, ["iss"] = "https://elsewhere.example", ["aud"] = TestApi.Audience, ["sub"] = "orders-service",
            ["type"] = "service", ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(), ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/system", "forged-elsewhere"), HttpStatusCode.Unauthorized, AuthErrorCodes.IssuerInvalid);
    }

    [Fact]
    public async Task Answer_without_iat_is_refused_claim_missing_like_a_jwt()
    {
        var jwt = _api.ServiceToken().Without("iat").Build();
        var token = _issuer.ReferenceToken(jwt);

        var response = await _api.GetAsync("/system", token);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ClaimMissing);
        Assert.Equal("iat", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task Reference_token_is_not_put_in_the_verified_token_cache()
    {
        var service = ReferenceServiceToken();

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", service)).StatusCode);

        Assert.Equal(0, _api.App.Services.GetRequiredService<S2SAuth.Caching.VerifiedTokenCache>().Count);
    }
}
