using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Delegation.Framework;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Delegation;

/// <summary>
/// The <c>act</c> chain of a user token (RFC 8693 §4.1) read into <see cref="UserIdentity.Actors"/>, most recent actor
/// first, on a TestServer API; every shape that is not a chain of objects naming their actors, and every chain longer
/// than <c>MaxActorDepth</c>, refused 401 with its own code. Each call is made by the chain's most recent actor.
/// </summary>
public sealed class ActorChainTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private readonly IssuerFixture _fixture;
    private DelegationApi _api = null!;

    public ActorChainTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await DelegationApi.StartAsync(_fixture.Issuer);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_user_token_without_act_has_no_actors()
    {
        var caller = await CallerAsync(await _api.GetAsync("/actors", _api.ServiceToken(), _api.UserToken()));

        Assert.Equal(("orders-service", DelegationApi.UserId), (caller.Service, caller.User));
        Assert.Empty(caller.Actors!);
    }

    [Theory]
    [InlineData("orders-service")]
    [InlineData("orders-service,billing-worker")]
    [InlineData("orders-service,billing-worker,cart-service,checkout-service,edge-gateway")]
    public async Task The_chain_is_read_most_recent_actor_first_up_to_the_default_depth_of_5(string chain)
    {
        var actors = chain.Split(',');
        var response = await _api.GetAsync("/actors", _api.ServiceToken(actors[0]), _api.UserToken(Act.Chain(actors)));

        var caller = await CallerAsync(response);
        Assert.Equal(actors, caller.Actors);
        Assert.Equal(DelegationApi.UserId, caller.User);
    }

    [Fact]
    public async Task An_actor_without_sub_is_named_by_its_client_id()
    {
        var act = new JsonObject { ["client_id"] = "orders-service", ["act"] = new JsonObject { ["sub"] = "billing-worker", ["client_id"] = "ignored-when-sub" } };

        var caller = await CallerAsync(await _api.GetAsync("/actors", _api.ServiceToken(), _api.UserToken(act)));

        Assert.Equal(["orders-service", "billing-worker"], caller.Actors!);
    }

    public static TheoryData<string, string> InvalidShapes() => new()
    {
        { "a string", "\"orders-service\"" },
        { "an array", "[{\"sub\":\"orders-service\"}]" },
        { "a number", "42" },
        { "null", "null" },
        { "an actor without sub or client_id", "{\"iss\":\"https://issuer.example\"}" },
        { "an empty sub", "{\"sub\":\"\"}" },
        { "a numeric sub", "{\"sub\":42}" },
        { "a numeric sub beside a client_id", "{\"sub\":42,\"client_id\":\"orders-service\"}" },
        { "an object sub", "{\"sub\":{\"id\":\"orders-service\"}}" },
        { "a numeric client_id", "{\"client_id\":7}" },
        { "a nested string", "{\"sub\":\"orders-service\",\"act\":\"billing-worker\"}" },
        { "a nested array", "{\"sub\":\"orders-service\",\"act\":[\"billing-worker\"]}" },
        { "a nested null", "{\"sub\":\"orders-service\",\"act\":null}" },
        { "a nested actor without sub", "{\"sub\":\"orders-service\",\"act\":{\"name\":\"billing-worker\"}}" },
    };

    [Theory]
    [MemberData(nameof(InvalidShapes))]
    public async Task An_act_claim_that_is_not_a_chain_of_named_actors_is_refused_401_actor_chain_invalid(string shape, string rawAct)
    {
        var token = Act.WithRawAct(_api.Issuer, _api.UserTokenBuilder(), rawAct);

        var response = await _api.GetAsync("/actors", _api.ServiceToken(), token);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorChainInvalid);
        Assert.Equal("act", problem.GetProperty("claim").GetString());
        Assert.Contains("error_description=\"actor_chain_invalid\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(shape));
        Assert.DoesNotContain(token, _api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_of_6_actors_is_refused_401_actor_chain_too_deep()
    {
        string[] actors = ["orders-service", "a2", "a3", "a4", "a5", "a6"];

        var response = await _api.GetAsync("/actors", _api.ServiceToken(), _api.UserToken(Act.Chain(actors)));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorChainTooDeep);
        Assert.Equal("act", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task A_chain_deeper_than_the_limit_is_refused_before_its_malformed_tail_is_read()
    {
        // Six well-formed actors, then a string: the depth is what refuses it, read no further than the limit.
        var raw = Act.Nested(6).Insert(Act.Nested(6).Length - 6, ",\"act\":\"tail\"");

        var response = await _api.GetAsync("/actors", _api.ServiceToken("s0"), Act.WithRawAct(_api.Issuer, _api.UserTokenBuilder(), raw));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorChainTooDeep);
    }

    [Fact]
    public async Task A_smaller_configured_depth_refuses_a_chain_of_3()
    {
        await using var api = await DelegationApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { ["ServiceAuth:Delegation:MaxActorDepth"] = "2" });

        var two = await api.GetAsync("/actors", api.ServiceToken(), api.UserToken(Act.Chain("orders-service", "billing-worker")));
        var three = await api.GetAsync("/actors", api.ServiceToken(), api.UserToken(Act.Chain("orders-service", "billing-worker", "cart-service")));

        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        await ProblemAssert.IsProblemAsync(three, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorChainTooDeep);
    }

    [Fact]
    public async Task Hostile_nesting_of_10000_levels_is_refused_401_without_an_exception()
    {
        var token = Act.WithRawAct(_api.Issuer, _api.UserTokenBuilder(), Act.Nested(10_000));

        var response = await _api.GetAsync("/actors", _api.ServiceToken("s0"), token);

        // Far beyond the token size limit: refused before it is even parsed.
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTooLarge);
        Assert.DoesNotContain(_api.Logs.Entries, e => e.Exception is not null);
    }

    [Fact]
    public async Task The_deepest_nesting_that_fits_the_largest_token_is_refused_401_without_an_exception()
    {
        await using var api = await DelegationApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { ["ServiceAuth:MaxTokenLength"] = "65536" });
        var levels = 4_000; // {"act": per level: about 43 KB of base64url, under the 64 KiB limit
        var raw = string.Concat(Enumerable.Repeat("{\"act\":", levels)) + "{\"sub\":\"s\"}" + new string('}', levels);
        var token = Act.WithRawAct(api.Issuer, api.UserTokenBuilder(), raw);
        Assert.InRange(token.Length, 40_000, 65_536);

        var response = await api.GetAsync("/actors", api.ServiceToken("s0"), token);

        // The JSON reader of IdentityModel stops at 64 levels: not even a JWS to it.
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);
        Assert.DoesNotContain(api.Logs.Entries, e => e.Exception is not null);
    }

    [Fact]
    public async Task The_chain_of_a_reference_token_is_read_from_the_issuers_introspection_answer_and_checked_alike()
    {
        _fixture.Issuer.AddClient("pricing-service", "pricing-introspection-secret-7c2d");
        await using var api = await DelegationApi.StartAsync(_fixture.Issuer,
            new Dictionary<string, string?> { ["ServiceAuth:ClientId"] = "pricing-service", ["ServiceAuth:ClientSecret"] = "pricing-introspection-secret-7c2d" },
            services: s => s.AddServiceAuth(_ => { }).AddIntrospection(o => o.AcceptReferenceTokens = true));
        var delegated = api.Issuer.ReferenceToken(api.UserToken(Act.Chain("orders-service", "billing-worker")));
        var invalid = api.Issuer.ReferenceToken(Act.WithRawAct(api.Issuer, api.UserTokenBuilder(), "{\"sub\":42}"));

        var caller = await CallerAsync(await api.GetAsync("/actors", api.ServiceToken(), delegated));
        var replayed = await api.GetAsync("/actors", api.ServiceToken("reporting-service"), delegated);
        var refused = await api.GetAsync("/actors", api.ServiceToken(), invalid);

        Assert.Equal(["orders-service", "billing-worker"], caller.Actors!);
        await ProblemAssert.IsProblemAsync(replayed, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorNotCaller);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorChainInvalid);
        Assert.True(api.Issuer.IntrospectionRequestCount > 0);
    }

    [Fact]
    public async Task A_service_tokens_act_claim_is_ignored()
    {
        var service = _api.Issuer.ServiceToken("orders-service", TestApi.Audience, [DelegationApi.ReadActivity]).Claim("act", "not even an object").Build();

        var response = await _api.GetAsync("/actors", service, _api.UserToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<DelegatedCaller> CallerAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DelegatedCaller>())!;
    }
}
