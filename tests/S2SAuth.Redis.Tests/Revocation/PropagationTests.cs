using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Client.Exchange;
using S2SAuth.Redis.Tests.Framework;
using S2SAuth.Revocation;
using S2SAuth.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace S2SAuth.Redis.Tests.Revocation;

/// <summary>
/// Two and three instances of a service on real Kestrel sockets, one real redis-server: a revocation made on one
/// instance is refused on the others, a new instance starts with the full state, and requests make no Redis call.
/// </summary>
public sealed class PropagationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        _issuer = await TestIssuer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private string ServiceToken(string jti, string serviceId = "orders-service") =>
        _issuer.ServiceToken(serviceId, ServiceInstance.Audience, ["order.confirm"]).Claim("jti", jti).Build();

    [Fact]
    public async Task A_token_revoked_on_instance_A_is_refused_on_instance_B_with_token_revoked()
    {
        await using var a = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);
        await using var b = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);
        var leaked = ServiceToken("leaked-1");
        var other = ServiceToken("other-1");
        Assert.Equal(HttpStatusCode.OK, (await a.CallAsync(leaked)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.CallAsync(leaked)).StatusCode); // now in B's verified-token cache

        await a.Revocations.RevokeTokenAsync(_issuer.Issuer, "leaked-1", DateTimeOffset.UtcNow.AddMinutes(5));

        await ProblemAssert.IsProblemAsync(await a.CallAsync(leaked), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        var refused = await Eventually.ReturnsAsync(() => b.CallAsync(leaked), r => r.StatusCode != HttpStatusCode.OK, "B refuses the token revoked on A");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal(HttpStatusCode.OK, (await b.CallAsync(other)).StatusCode);
        Assert.Contains(b.Logs.Entries, e => e.EventId.Id == 1301 && e.Values["Source"] == "store" && e.Values["TokenId"] == "leaked-1");
    }

    [Fact]
    public async Task A_user_token_revoked_on_A_drops_the_tokens_B_exchanged_for_it()
    {
        _issuer.AddClient("orders-service", "orders-secret-5e2a7c", "pricing.resolve");
        await using var a = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);
        await using var b = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString, services: s => s.AddServiceTokenClient(configure: o =>
        {
            o.Authority = _issuer.Authority;
            o.ClientId = "orders-service";
            o.ClientSecret = "orders-secret-5e2a7c";
            o.RequireHttpsMetadata = false;
        }));
        var cache = b.App.Services.GetRequiredService<ExchangedTokenCache>();
        var revoked = _issuer.UserToken("user_123", "orders-service", "tenant_a", ["pricing.resolve"]).Claim("jti", "user-jti-1").Build();
        var kept = _issuer.UserToken("user_456", "orders-service", "tenant_a", ["pricing.resolve"]).Build();
        foreach (var user in new[] { revoked, kept })
        {
            var answer = await cache.GetAsync(new ExchangeKey(user, "pricing-service", "pricing.resolve"), ["pricing.resolve"], CancellationToken.None);
            Assert.NotNull(answer.Token);
        }

        await a.Revocations.RevokeTokenAsync(_issuer.Issuer, "user-jti-1", DateTimeOffset.UtcNow.AddMinutes(5));

        await Eventually.TrueAsync(() => cache.Count == 1, "B forgets the exchanged token of the user token revoked on A");
        Assert.Contains(b.Logs.Entries, e => e.EventId.Id == 2404);
        Assert.Equal(2, _issuer.TokenExchangeCount);
    }

    [Fact]
    public async Task A_subject_cut_off_on_A_refuses_the_subjects_existing_tokens_on_B()
    {
        await using var a = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);
        await using var b = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);
        var existing = _issuer.ServiceToken("legacy-service", ServiceInstance.Audience).Claim("iat", DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds()).Build();
        Assert.Equal(HttpStatusCode.OK, (await b.CallAsync(existing)).StatusCode);

        await a.Revocations.CutOffSubjectAsync(_issuer.Issuer, "legacy-service", DateTimeOffset.UtcNow);

        var refused = await Eventually.ReturnsAsync(() => b.CallAsync(existing), r => r.StatusCode != HttpStatusCode.OK, "B refuses the cut-off subject's token");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
    }

    [Fact]
    public async Task A_new_instance_has_the_full_state_before_its_first_request()
    {
        await using var a = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);
        await a.Revocations.RevokeTokenAsync(_issuer.Issuer, "old-leak", DateTimeOffset.UtcNow.AddMinutes(5));
        await a.Revocations.CutOffSubjectAsync(_issuer.Issuer, "legacy-service", DateTimeOffset.UtcNow.AddSeconds(5));

        await using var c = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);

        Assert.True(c.State.Loaded);
        await ProblemAssert.IsProblemAsync(await c.CallAsync(ServiceToken("old-leak")), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        await ProblemAssert.IsProblemAsync(await c.CallAsync(ServiceToken("fresh", "legacy-service")), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal(HttpStatusCode.OK, (await c.CallAsync(ServiceToken("fresh"))).StatusCode);
        Assert.Contains(c.Logs.Entries, e => e.EventId.Id == 1320 && e.Values["Tokens"] == "1" && e.Values["Subjects"] == "1");
    }

    [Fact]
    public async Task Requests_make_no_redis_round_trip()
    {
        await using var b = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString, configure: o => o.PollInterval = TimeSpan.FromSeconds(2));
        await b.Revocations.RevokeTokenAsync(_issuer.Issuer, "some-leak", DateTimeOffset.UtcNow.AddMinutes(5));
        using var probe = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true");
        var server = probe.GetServer(probe.GetEndPoints()[0]);
        var token = ServiceToken("in-use");

        // Requests are sent between two syncs (a sync runs every 2 s); count the server's commands around them.
        var before = await CommandsAsync(server);
        var sent = 0;
        var watch = Stopwatch.StartNew();
        while (sent < 200 && watch.Elapsed < TimeSpan.FromSeconds(1))
        {
            Assert.Equal(HttpStatusCode.OK, (await b.CallAsync(token)).StatusCode);
            sent++;
        }

        var commands = await CommandsAsync(server) - before;
        output.WriteLine($"{sent} requests, {commands} Redis commands in that time (the INFO probe itself and at most one background sync).");
        Assert.True(sent >= 20, "enough requests were sent to tell");
        Assert.True(commands < 10, $"{commands} Redis commands for {sent} requests: the request path must not call Redis");
    }

    [Fact]
    public async Task Propagation_of_120_revocations_from_A_to_B_is_measured()
    {
        var seen = new SeenAt();
        await using var a = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString);
        await using var b = await ServiceInstance.StartAsync(_issuer, _redis.ConnectionString, observer: seen);
        var latencies = new List<double>();
        for (var i = 0; i < 120; i++)
        {
            var jti = "measured-" + i;
            var started = Stopwatch.GetTimestamp();
            await a.Revocations.RevokeTokenAsync(_issuer.Issuer, jti, DateTimeOffset.UtcNow.AddMinutes(5));
            var arrived = await Eventually.ReturnsAsync(() => Task.FromResult(seen.At.GetValueOrDefault(jti)), t => t != 0, $"B applies {jti}");
            latencies.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
        }

        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        output.WriteLine($"Propagation A -> B over {latencies.Count} revocations: p50 {p50:F2} ms, p99 {p99:F2} ms, max {latencies[^1]:F2} ms.");
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "revocation-propagation.txt"),
            $"revocations={latencies.Count} p50_ms={p50:F2} p99_ms={p99:F2} max_ms={latencies[^1]:F2}\n");
        Assert.Equal(120, latencies.Count);
        Assert.Equal(120, b.State.TokenCount);
    }

    private static async Task<long> CommandsAsync(IServer server)
    {
        var info = await server.InfoAsync("stats");
        return long.Parse(info.SelectMany(g => g).First(p => p.Key == "total_commands_processed").Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>When each revocation reached this instance (Stopwatch timestamps).</summary>
    private sealed class SeenAt : IRevocationObserver
    {
        public ConcurrentDictionary<string, long> At { get; } = new();

        public void TokenRevoked(string issuer, string tokenId) => At.TryAdd(tokenId, Stopwatch.GetTimestamp());

        public void SubjectCutOff(string issuer, string subject, DateTimeOffset issuedBefore)
        {
        }
    }
}
