using System.Net;
using S2SAuth.AspNetCore.Tests.Delegation.Framework;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Delegation;

/// <summary>
/// <c>ServiceAuth:Authorization:ActivityActors</c>: an activity that lists its actors (<c>price.quote</c>: orders-service,
/// billing-worker) accepts a delegated user token only when every actor of its chain is listed, else 403
/// <c>actor_not_allowed</c>, audited like every decision, with the chain in the audit event and the audit log line.
/// </summary>
public sealed class ActivityActorsTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private readonly IssuerFixture _fixture;
    private DelegationApi _api = null!;

    public ActivityActorsTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await DelegationApi.StartAsync(_fixture.Issuer);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_chain_of_listed_actors_is_allowed_and_audited_with_its_actors()
    {
        var response = await _api.GetAsync("/quote", _api.ServiceToken("orders-service"), _api.UserToken(Act.Chain("orders-service", "billing-worker")),
            correlationId: "corr-actors-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = _api.Audit.Single("corr-actors-1");
        Assert.Equal(AuditOutcome.Allowed, audit.Outcome);
        Assert.Equal(["orders-service", "billing-worker"], audit.Actors!);
        Assert.Equal(DelegationApi.UserId, audit.UserId);
    }

    [Theory]
    [InlineData("reporting-service", "reporting-service")]
    [InlineData("orders-service", "orders-service,reporting-service")]
    [InlineData("orders-service", "orders-service,billing-worker,reporting-service")]
    public async Task A_chain_with_any_unlisted_actor_is_refused_403_actor_not_allowed_and_audited(string caller, string chain)
    {
        var actors = chain.Split(',');

        var response = await _api.GetAsync("/quote", _api.ServiceToken(caller), _api.UserToken(Act.Chain(actors)), correlationId: "corr-actors-" + actors.Length + "-" + caller);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, AuthErrorCodes.ActorNotAllowed);
        Assert.DoesNotContain("reporting-service", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(response.Headers.WwwAuthenticate);
        var audit = _api.Audit.Single("corr-actors-" + actors.Length + "-" + caller);
        Assert.Equal(AuditOutcome.Denied, audit.Outcome);
        Assert.Equal(AuthErrorCodes.ActorNotAllowed, audit.ReasonCode);
        Assert.Equal(403, audit.StatusCode);
        Assert.Equal(DelegationApi.QuoteActivity, audit.Activity);
        Assert.Equal(actors, audit.Actors);
    }

    [Fact]
    public async Task An_activity_that_lists_no_actors_accepts_any_and_a_token_without_a_chain_is_not_affected()
    {
        var anyActor = await _api.GetAsync("/read", _api.ServiceToken("reporting-service"), _api.UserToken(Act.Chain("reporting-service")), correlationId: "corr-actors-read");
        var forwarded = await _api.GetAsync("/quote", _api.ServiceToken("reporting-service"), _api.UserToken(), correlationId: "corr-actors-fwd");

        Assert.Equal(HttpStatusCode.OK, anyActor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal(["reporting-service"], _api.Audit.Single("corr-actors-read").Actors!);
        Assert.Null(_api.Audit.Single("corr-actors-fwd").Actors);
    }

    [Fact]
    public async Task The_default_audit_line_carries_the_chain_most_recent_first_in_one_escaped_field_and_never_the_token()
    {
        await using var api = await DelegationApi.StartAsync(_fixture.Issuer, captureAudit: false);
        var forged = "evil\r\n2026 info: S2SAuth.Audit[3001] Authorization Allowed<admin";
        var user = api.UserToken(Act.Chain("orders-service", "billing-worker", forged));

        var response = await api.GetAsync("/read", api.ServiceToken("orders-service"), user, correlationId: "corr-actors-log");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(api.Logs.Entries, e => e.EventId.Id == 3001);
        Assert.Equal(@"orders-service<billing-worker<evil\u000D\u000A2026 info: S2SAuth.Audit[3001] Authorization Allowed\u003Cadmin", line.Values["Actors"]);
        Assert.DoesNotContain('\n', line.Message);
        Assert.DoesNotContain(user, api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_audit_line_has_no_actors_without_a_chain()
    {
        await using var api = await DelegationApi.StartAsync(_fixture.Issuer, captureAudit: false);

        await api.GetAsync("/read", api.ServiceToken("orders-service"), api.UserToken());

        var line = Assert.Single(api.Logs.Entries, e => e.EventId.Id == 3001);
        Assert.False(line.Values.ContainsKey("Actors"));
    }
}
