using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Redis.Replay;
using S2SAuth.Replay;
using S2SAuth.Testing;

namespace S2SAuth.Redis.Tests.Replay;

/// <summary>
/// The Redis replay store on a real redis-server: first use, replay and expiry; two instances of a webhook receiver
/// sharing it (a delivery processed at A and replayed at B is not delivered again); Redis stopped → 503
/// <c>replay_check_unavailable</c> and the endpoint does not run; options checked without echoing the configuration.
/// </summary>
public sealed class RedisReplayTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private TestIssuer _issuer = null!;
    private RedisServer _redis = null!;
    private int _runs;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _redis = await RedisServer.StartNewAsync();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task A_value_is_a_first_use_once_then_a_replay_until_it_expires()
    {
        await using var host = await StartAsync();
        var store = host.Services.GetRequiredService<IReplayStore>();
        Assert.IsType<RedisReplayStore>(store);
        var key = ReplayKey.For("webhook", "payments", "evt_" + Guid.NewGuid().ToString("N"));
        var later = DateTimeOffset.UtcNow.AddMinutes(10);

        Assert.Equal(ReplayCheck.FirstUse, await store.TryFirstUseAsync(key, later, default));
        Assert.Equal(ReplayCheck.Replay, await store.TryFirstUseAsync(key, later, default));
        var other = ReplayKey.For("webhook", "payments-2", "evt_x");
        Assert.Equal(ReplayCheck.FirstUse, await store.TryFirstUseAsync(other, later, default));

        // A value whose lifetime is over is kept for one millisecond at most: it is then a first use again.
        var expiring = ReplayKey.For("webhook", "payments", "evt_expiring");
        Assert.Equal(ReplayCheck.FirstUse, await store.TryFirstUseAsync(expiring, DateTimeOffset.UtcNow.AddDays(-1), default));
        await S2SAuth.Tests.Shared.Eventually.TrueAsync(
            () => store.TryFirstUseAsync(expiring, later, default).AsTask().Result == ReplayCheck.FirstUse, "the expired value is forgotten");

        // Keys hold only the hash, under the prefix.
        var server = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        await using (server)
        {
            Assert.True(await server.GetDatabase().KeyExistsAsync("s2sauth:replay:" + key));
            var ttl = await server.GetDatabase().KeyTimeToLiveAsync("s2sauth:replay:" + key);
            Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        }
    }

    [Fact]
    public async Task A_webhook_processed_at_A_and_replayed_at_B_is_not_delivered_again()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var body = "{\"id\":\"evt_1\",\"amount\":1200}";
        var id = "msg_" + Guid.NewGuid().ToString("N");

        using var atA = await SendAsync(a, id, body);
        using var atB = await SendAsync(b, id, body);

        Assert.Equal(HttpStatusCode.OK, atA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, atB.StatusCode);
        Assert.Equal("""{"received":true,"duplicate":true,"code":"webhook_duplicate"}""", await atB.Content.ReadAsStringAsync());
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task With_Redis_stopped_a_delivery_is_refused_with_503_and_the_endpoint_does_not_run()
    {
        var logs = new LogCapture();
        await using var a = await StartAsync(logs);
        await _redis.StopAsync();

        using var response = await SendAsync(a, "msg_" + Guid.NewGuid().ToString("N"), "{\"id\":\"evt_2\"}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("replay_check_unavailable", json.GetProperty("code").GetString());
        Assert.Equal(0, _runs);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 1705);
        Assert.DoesNotContain($"127.0.0.1:{_redis.Port}", logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret["whsec_".Length..], logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_checked_without_echoing_the_configuration()
    {
        var validator = new RedisReplayOptionsValidator(new NoServices());

        var missing = validator.Validate(null, new RedisReplayOptions());
        var bad = validator.Validate(null, new RedisReplayOptions { Configuration = "password=hunter2-secret", KeyPrefix = string.Empty });

        Assert.True(missing.Failed);
        Assert.Contains("ServiceAuth:Replay:Redis:Configuration is required", missing.FailureMessage, StringComparison.Ordinal);
        Assert.True(bad.Failed);
        Assert.Contains("ServiceAuth:Replay:Redis:KeyPrefix", bad.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", bad.FailureMessage, StringComparison.Ordinal);
    }

    private async Task<WebApplication> StartAsync(LogCapture? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs ?? new LogCapture());
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = _issuer.Authority;
            o.Audience = "billing-service";
            o.RequireHttpsMetadata = false;
            o.Webhooks["payments"] = new WebhookProviderOptions { Secrets = [Secret] };
        }).AddRedisReplayProtection(o => o.Configuration = _redis.ConnectionString);
        var app = builder.Build();
        app.UseServiceAuth();
        app.MapPost("/webhooks/payments", () => Interlocked.Increment(ref _runs)).RequireWebhookSignature("payments");
        await app.StartAsync();
        return app;
    }

    private static Task<HttpResponseMessage> SendAsync(WebApplication app, string id, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/payments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", "v1," + signature);
        return app.GetTestClient().SendAsync(request);
    }

    private sealed class NoServices : IServiceProviderIsService
    {
        public bool IsService(Type serviceType) => false;
    }
}
