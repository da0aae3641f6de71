using System.Net;
using System.Net.Http.Json;
using S2SAuth.AspNetCore.Tests.Delegation.Framework;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Delegation;

/// <summary>
/// <c>ServiceAuth:Delegation</c> on the request path (TestServer): a delegated user token is accepted only from its most
/// recent actor (a token exchanged for orders-service and replayed by reporting-service is refused), never without a
/// calling service; <c>RequireActor</c> refuses forwarded tokens. Refusals are 401 with their code and
/// <c>WWW-Authenticate</c>, logged without the token.
/// </summary>
public sealed class ActorCallerTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private readonly IssuerFixture _fixture;
    private DelegationApi _api = null!;

    public ActorCallerTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await DelegationApi.StartAsync(_fixture.Issuer);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_token_exchanged_for_orders_replayed_by_reporting_is_refused_401_actor_not_caller()
    {
        var user = _api.UserToken(Act.Chain("orders-service"));
        var replayer = _api.ServiceToken("reporting-service");

        var response = await _api.GetAsync("/actors", replayer, user, correlationId: "corr-replay-1");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorNotCaller);
        Assert.Equal("act", problem.GetProperty("claim").GetString());
        Assert.Contains("error_description=\"actor_not_caller\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("orders-service", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var refused = Assert.Single(_api.Logs.Entries, e => e.EventId.Id == 1780);
        Assert.Equal("actor_not_caller", refused.Values["ErrorCode"]);
        Assert.Equal("orders-service", refused.Values["Actor"]);
        Assert.Equal("reporting-service", refused.Values["ServiceId"]);
        Assert.Equal("corr-replay-1", refused.Values["CorrelationId"]);
        var text = _api.Logs.AllText();
        Assert.DoesNotContain(user, text, StringComparison.Ordinal);
        Assert.DoesNotContain(replayer, text, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Split('.')[2], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_token_from_its_most_recent_actor_is_accepted()
    {
        var response = await _api.GetAsync("/actors", _api.ServiceToken("orders-service"), _api.UserToken(Act.Chain("orders-service", "billing-worker")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<DelegatedCaller>();
        Assert.Equal(new[] { "orders-service", "billing-worker" }, caller!.Actors);
    }

    [Fact]
    public async Task An_earlier_actor_of_the_chain_is_not_the_caller_either()
    {
        var response = await _api.GetAsync("/actors", _api.ServiceToken("billing-worker"), _api.UserToken(Act.Chain("orders-service", "billing-worker")));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorNotCaller);
    }

    [Fact]
    public async Task The_comparison_is_exact()
    {
        var response = await _api.GetAsync("/actors", _api.ServiceToken("Orders-Service"), _api.UserToken(Act.Chain("orders-service")));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorNotCaller);
    }

    [Fact]
    public async Task A_delegated_token_with_no_service_credential_at_all_is_refused_401_actor_not_caller()
    {
        var response = await _api.GetAsync("/user-only", userToken: _api.UserToken(Act.Chain("orders-service")));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorNotCaller);
        Assert.Contains("no service credential", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_token_without_act_still_needs_no_service_where_the_endpoint_needs_none()
    {
        var response = await _api.GetAsync("/user-only", userToken: _api.UserToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_forwarded_token_is_accepted_by_default()
    {
        var response = await _api.GetAsync("/actors", _api.ServiceToken("reporting-service"), _api.UserToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_RequireActorIsCaller_off_any_caller_may_present_a_delegated_token()
    {
        await using var api = await DelegationApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { ["ServiceAuth:Delegation:RequireActorIsCaller"] = "false" });

        var replayed = await api.GetAsync("/actors", api.ServiceToken("reporting-service"), api.UserToken(Act.Chain("orders-service")));
        var alone = await api.GetAsync("/user-only", userToken: api.UserToken(Act.Chain("orders-service")));

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alone.StatusCode);
    }

    [Fact]
    public async Task With_RequireActor_a_forwarded_token_is_refused_401_actor_missing_and_an_exchanged_one_accepted()
    {
        await using var api = await DelegationApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { ["ServiceAuth:Delegation:RequireActor"] = "true" });

        var forwarded = await api.GetAsync("/actors", api.ServiceToken("orders-service"), api.UserToken());
        var exchanged = await api.GetAsync("/actors", api.ServiceToken("orders-service"), api.UserToken(Act.Chain("orders-service")));
        var fromGateway = await api.GetAsync("/user-only", userToken: api.UserToken());

        var problem = await ProblemAssert.IsProblemAsync(forwarded, HttpStatusCode.Unauthorized, AuthErrorCodes.ActorMissing);
        Assert.Equal("act", problem.GetProperty("claim").GetString());
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromGateway.StatusCode);
    }
}
