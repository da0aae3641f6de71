using System.Net;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Redis.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.Redis.Tests.Revocation;

/// <summary>
/// Redis going away and coming back, with real servers and sockets. The clock of the issuer and the instances is a
/// <see cref="FakeTimeProvider"/>, so "stale" happens exactly when the test moves it past <c>MaxStaleness</c> (5 s here).
/// </summary>
public sealed class OutageTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RedisServer _redis = null!;
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        _issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TimeProvider = _time });
    }

    public async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private string ServiceToken(string jti) => _issuer.ServiceToken("orders-service", ServiceInstance.Audience).Claim("jti", jti).Build();

    private Task<ServiceInstance> StartAsync(string redis, Action<RedisRevocationOptions>? configure = null) =>
        ServiceInstance.StartAsync(_issuer, redis, configure: configure, time: _time);

    private static async Task RefusedAsync(ServiceInstance instance, string token, string what) =>
        await ProblemAssert.IsProblemAsync(
            await Eventually.ReturnsAsync(() => instance.CallAsync(token), r => r.StatusCode == HttpStatusCode.Unauthorized, what),
            HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);

    [Fact]
    public async Task Redis_stopped_keeps_the_last_state_then_fails_closed_with_revocation_state_stale_and_a_restart_catches_up_with_what_was_revoked_meanwhile()
    {
        await using var a = await StartAsync(_redis.ConnectionString);
        await using var b = await StartAsync(_redis.ConnectionString);
        var revoked = ServiceToken("before-outage");
        var valid = ServiceToken("valid");
        var revokedDuringOutage = ServiceToken("during-outage");
        await a.Revocations.RevokeTokenAsync(_issuer.Issuer, "before-outage", _time.GetUtcNow().AddMinutes(10));
        await RefusedAsync(b, revoked, "B has the revocation");

        await _redis.StopAsync();
        await Eventually.TrueAsync(() => b.Logs.Entries.Any(e => e.EventId.Id == 1321), "B sees Redis gone");

        // Within MaxStaleness: the last state is applied.
        await ProblemAssert.IsProblemAsync(await b.CallAsync(revoked), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal(HttpStatusCode.OK, (await b.CallAsync(valid)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.Client.GetAsync("/healthz")).StatusCode);

        // Past it: fail closed, 503 with its own code and Retry-After; a known revoked token is still 401.
        _time.Advance(TimeSpan.FromSeconds(6));
        var stale = await b.CallAsync(valid);
        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.RevocationStateStale);
        Assert.NotNull(stale.Headers.RetryAfter);
        await ProblemAssert.IsProblemAsync(await b.CallAsync(revoked), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await b.Client.GetAsync("/healthz")).StatusCode);
        await Eventually.TrueAsync(() => b.Logs.Entries.Any(e => e.EventId.Id == 1305), "B logs the state stale (once, from its sync loop)");

        // A revocation made while Redis is down: the caller is told to retry; A applies it already.
        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Revocations.RevokeTokenAsync(_issuer.Issuer, "during-outage", _time.GetUtcNow().AddMinutes(10)));
        await ProblemAssert.IsProblemAsync(await a.CallAsync(revokedDuringOutage), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);

        // Redis back, empty: A writes back what it holds, B catches up, both are fresh again.
        await _redis.StartAsync();
        await RefusedAsync(b, revokedDuringOutage, "B gets the revocation made during the outage");
        await ProblemAssert.IsProblemAsync(await b.CallAsync(revoked), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        await Eventually.ReturnsAsync(() => b.CallAsync(valid), r => r.StatusCode == HttpStatusCode.OK, "B is in sync again");
        Assert.Contains(a.Logs.Entries, e => e.EventId.Id == 1324);

        // And an instance started now gets everything from Redis.
        await using var c = await StartAsync(_redis.ConnectionString);
        await ProblemAssert.IsProblemAsync(await c.CallAsync(revokedDuringOutage), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        await ProblemAssert.IsProblemAsync(await c.CallAsync(revoked), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
    }

    [Fact]
    public async Task An_instance_cut_off_from_Redis_catches_up_from_its_last_log_entry_with_the_revocations_made_meanwhile_through_another_connection()
    {
        await using var proxy = new TcpProxy(_redis.Port);
        await using var a = await StartAsync(_redis.ConnectionString);
        await using var b = await StartAsync(proxy.ConnectionString);
        await a.Revocations.RevokeTokenAsync(_issuer.Issuer, "first", _time.GetUtcNow().AddMinutes(10));
        await RefusedAsync(b, ServiceToken("first"), "B has the first revocation");

        proxy.Cut();
        await Eventually.TrueAsync(() => b.Logs.Entries.Any(e => e.EventId.Id == 1321), "B sees Redis gone");
        await a.Revocations.RevokeTokenAsync(_issuer.Issuer, "while-cut-off", _time.GetUtcNow().AddMinutes(10));
        await a.Revocations.CutOffSubjectAsync(_issuer.Issuer, "legacy-service", _time.GetUtcNow().AddSeconds(1));
        var whileCutOff = ServiceToken("while-cut-off");
        Assert.Equal(HttpStatusCode.OK, (await b.CallAsync(whileCutOff)).StatusCode); // B cannot know yet: the last state applies

        proxy.Resume();
        await RefusedAsync(b, whileCutOff, "B catches up after reconnecting");
        var legacy = _issuer.ServiceToken("legacy-service", ServiceInstance.Audience).Build();
        await ProblemAssert.IsProblemAsync(await b.CallAsync(legacy), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.DoesNotContain(b.Logs.Entries, e => e.EventId.Id == 1320 && e.Values["Reason"] != "start-up");
    }

    [Fact]
    public async Task A_revocation_made_on_an_instance_cut_off_from_Redis_is_written_when_it_reconnects_and_reaches_the_others()
    {
        await using var proxy = new TcpProxy(_redis.Port);
        await using var a = await StartAsync(proxy.ConnectionString);
        await using var b = await StartAsync(_redis.ConnectionString);
        proxy.Cut();
        await Eventually.TrueAsync(() => a.Logs.Entries.Any(e => e.EventId.Id == 1321), "A sees Redis gone");

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Revocations.RevokeTokenAsync(_issuer.Issuer, "revoked-on-a", _time.GetUtcNow().AddMinutes(10)));
        var token = ServiceToken("revoked-on-a");
        await ProblemAssert.IsProblemAsync(await a.CallAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal(HttpStatusCode.OK, (await b.CallAsync(token)).StatusCode);
        Assert.Contains(a.Logs.Entries, e => e.EventId.Id == 1323);

        proxy.Resume();
        await RefusedAsync(b, token, "B gets the revocation A made while cut off");
    }

    [Fact]
    public async Task An_instance_whose_log_position_was_trimmed_away_reloads_the_full_state()
    {
        await using var proxy = new TcpProxy(_redis.Port);
        await using var a = await StartAsync(_redis.ConnectionString, o => o.StreamMaxLength = 100);
        await using var b = await StartAsync(proxy.ConnectionString, o => o.StreamMaxLength = 100);
        proxy.Cut();
        await Eventually.TrueAsync(() => b.Logs.Entries.Any(e => e.EventId.Id == 1321), "B sees Redis gone");
        for (var i = 0; i < 300; i++)
        {
            await a.Revocations.RevokeTokenAsync(_issuer.Issuer, "flood-" + i, _time.GetUtcNow().AddMinutes(10));
        }

        proxy.Resume();
        await Eventually.TrueAsync(
            () => b.Logs.Entries.Any(e => e.EventId.Id == 1320 && e.Values["Reason"] == "the log was trimmed past this instance"),
            "B finds its log position trimmed away and reloads the full state");
        Assert.Equal(300, b.State.TokenCount);
        await ProblemAssert.IsProblemAsync(await b.CallAsync(ServiceToken("flood-0")), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
    }

    [Fact]
    public async Task An_instance_started_while_Redis_is_down_answers_503_until_it_has_loaded_the_state()
    {
        await _redis.StopAsync();
        await using var b = await StartAsync(_redis.ConnectionString, o => o.StartupTimeout = TimeSpan.FromMilliseconds(500));
        var token = ServiceToken("any");

        await ProblemAssert.IsProblemAsync(await b.CallAsync(token), HttpStatusCode.ServiceUnavailable, AuthErrorCodes.RevocationStateStale);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await b.Client.GetAsync("/healthz")).StatusCode);
        Assert.Contains(b.Logs.Entries, e => e.EventId.Id == 1322);

        await _redis.StartAsync();
        await Eventually.ReturnsAsync(() => b.CallAsync(token), r => r.StatusCode == HttpStatusCode.OK, "B serves once loaded");
        Assert.Equal(HttpStatusCode.OK, (await b.Client.GetAsync("/healthz")).StatusCode);
    }
}
