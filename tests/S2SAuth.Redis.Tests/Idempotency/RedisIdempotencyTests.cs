using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Testing;

namespace S2SAuth.Redis.Tests.Idempotency;

/// <summary>
/// Two instances of one service (real Kestrel on 127.0.0.1) share idempotency records on a real redis-server: a key
/// sent to A and then to B runs once; a duplicate in flight on A is refused on B; a reused key is refused on the other
/// instance; a failure on A lets B run the retry; with Redis down both refuse with 503 and run nothing, and recover when
/// it is back. The S2SAuth client's retries carry the same key, so a lost answer is replayed, not re-run.
/// </summary>
public sealed class RedisIdempotencyTests : IAsyncLifetime
{
    private const string ClientId = "checkout-service";
    private const string ClientSecret = "checkout-secret-4b7e1d9a";

    private readonly SharedWork _work = new();
    private TestIssuer _issuer = null!;
    private RedisServer _redis = null!;
    private IdempotentInstance _a = null!;
    private IdempotentInstance _b = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _issuer.AddClient(ClientId, ClientSecret, "orders.create");
        _redis = await RedisServer.StartNewAsync();
        _a = await IdempotentInstance.StartAsync(_issuer, _redis.ConnectionString, _work);
        _b = await IdempotentInstance.StartAsync(_issuer, _redis.ConnectionString, _work);
    }

    public async Task DisposeAsync()
    {
        _work.Gate.TrySetResult();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private string ServiceToken(string serviceId = ClientId) => _issuer.ServiceToken(serviceId, IdempotentInstance.Audience, ["orders.create"]).Build();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task The_same_key_sent_to_A_then_B_runs_once_and_B_replays_As_response()
    {
        var (key, token) = (NewKey(), ServiceToken());
        using var onA = await _a.PostAsync("/orders/o-1", key, token);
        using var onB = await _b.PostAsync("/orders/o-1", key, token);

        Assert.Equal(HttpStatusCode.Created, onA.StatusCode);
        Assert.Equal(HttpStatusCode.Created, onB.StatusCode);
        Assert.Equal(1, _work.RunsOf("orders/o-1"));
        Assert.Equal(await onA.Content.ReadAsStringAsync(), await onB.Content.ReadAsStringAsync());
        Assert.Equal(onA.Headers.Location, onB.Headers.Location);
        Assert.False(onA.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal("true", Assert.Single(onB.Headers.GetValues("Idempotency-Replayed")));
        Assert.Contains(_b.Logs.Entries, e => e.EventId.Id == 1501);
        foreach (var logs in new[] { _a.Logs.AllText(), _b.Logs.AllText() })
        {
            Assert.DoesNotContain(key, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Another_service_with_the_same_key_is_another_scope_across_instances()
    {
        var key = NewKey();
        using var orders = await _a.PostAsync("/orders/o-2", key, ServiceToken());
        using var billing = await _b.PostAsync("/orders/o-2", key, ServiceToken("billing-service"));

        Assert.Equal(HttpStatusCode.Created, billing.StatusCode);
        Assert.False(billing.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(2, _work.RunsOf("orders/o-2"));
    }

    [Fact]
    public async Task A_duplicate_on_B_while_A_runs_gets_409_then_the_stored_response()
    {
        var (key, token) = (NewKey(), ServiceToken());
        var onA = _a.PostAsync("/slow", key, token);
        await _work.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var duplicate = await _b.PostAsync("/slow", key, token);
        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict, AuthErrorCodes.IdempotencyInProgress);
        Assert.Equal(TimeSpan.FromSeconds(1), duplicate.Headers.RetryAfter?.Delta);

        _work.Gate.SetResult();
        using var first = await onA;
        using var retry = await _b.PostAsync("/slow", key, token);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, _work.RunsOf("slow"));
    }

    [Fact]
    public async Task A_reused_key_with_another_body_is_refused_422_on_the_other_instance()
    {
        var (key, token) = (NewKey(), ServiceToken());
        using var onA = await _a.PostAsync("/orders/o-3", key, token, "{\"qty\":1}");
        using var onB = await _b.PostAsync("/orders/o-3", key, token, "{\"qty\":5}");

        await ProblemAssert.IsProblemAsync(onB, HttpStatusCode.UnprocessableEntity, AuthErrorCodes.IdempotencyKeyReused);
        Assert.Equal(1, _work.RunsOf("orders/o-3"));
    }

    [Fact]
    public async Task A_failure_on_A_releases_the_key_and_the_retry_runs_on_B()
    {
        var (key, token) = (NewKey(), ServiceToken());
        using var onA = await _a.PostAsync("/flaky", key, token);
        using var onB = await _b.PostAsync("/flaky", key, token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, onA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.False(onB.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(2, _work.RunsOf("flaky"));
    }

    [Fact]
    public async Task Redis_down_refuses_with_503_idempotency_store_unavailable_on_every_instance_without_running_then_recovers()
    {
        var token = ServiceToken();
        await _redis.StopAsync();

        foreach (var instance in new[] { _a, _b })
        {
            using var refused = await instance.PostAsync("/orders/o-4", NewKey(), token);
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IdempotencyStoreUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            Assert.Contains(instance.Logs.Entries, e => e.EventId.Id == 1504);
        }

        Assert.Equal(0, _work.RunsOf("orders/o-4"));

        await _redis.StartAsync();
        var key = NewKey();
        var status = await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await _a.PostAsync("/orders/o-4", key, token);
                return response.StatusCode;
            },
            s => s == HttpStatusCode.Created,
            "instance A to store keys again once Redis is back");
        Assert.Equal(HttpStatusCode.Created, status);
        var replayedOnB = await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await _b.PostAsync("/orders/o-4", key, token);
                return response.StatusCode == HttpStatusCode.Created && response.Headers.Contains("Idempotency-Replayed");
            },
            replayed => replayed,
            "instance B to reconnect and replay A's response");
        Assert.True(replayedOnB);
        Assert.Equal(1, _work.RunsOf("orders/o-4"));
    }

    [Fact]
    public async Task The_S2SAuth_client_retries_a_lost_answer_with_the_same_key_and_gets_the_stored_response_without_a_second_run()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = _issuer.Authority,
            ["ServiceAuth:ClientId"] = ClientId,
            ["ServiceAuth:ClientSecret"] = ClientSecret,
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
        }).Build();
        services.AddSingleton<IConfiguration>(configuration).AddLogging(b => b.ClearProviders());
        services.AddServiceTokenClient(configuration);
        services.AddHttpClient("orders", c => c.BaseAddress = _a.BaseUri)
            .AddServiceTokenHandler(o =>
            {
                o.Audience = IdempotentInstance.Audience;
                o.Scopes.Add("orders.create");
                o.RetryWithIdempotencyKey = true;
            })
            .AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("orders");
        _work.LoseResponses = 1;

        using var response = await client.PostAsJsonAsync("/orders/o-5", new { qty = 1 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Idempotency-Replayed")));
        Assert.Equal(1, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("run").GetInt32());
        Assert.Equal(1, _work.RunsOf("orders/o-5"));
        Assert.Equal(0, _work.LoseResponses);
    }
}
