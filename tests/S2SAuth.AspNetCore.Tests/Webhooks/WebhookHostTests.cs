using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.Webhooks.Framework;
using S2SAuth.Replay;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Webhooks;

/// <summary>
/// Webhook hosting: start-up checks (an unknown provider, invalid provider options, never echoing a secret),
/// configuration binding, one audit event per delivery, logs without secrets, signatures or bodies, a replay store that
/// cannot answer (503), and a delivery over real Kestrel sockets on 127.0.0.1.
/// </summary>
public sealed class WebhookHostTests : IClassFixture<IssuerFixture>
{
    private readonly TestIssuer _issuer;

    public WebhookHostTests(IssuerFixture fixture) => _issuer = fixture.Issuer;

    [Fact]
    public async Task An_endpoint_naming_an_unconfigured_provider_stops_the_service_at_start_up()
    {
        await using var app = Build(new Dictionary<string, string?>(), endpoints: a => a.MapPost("/hooks/pay", () => "x").RequireWebhookSignature("payments"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("'payments'", error.Message, StringComparison.Ordinal);
        Assert.Contains("/hooks/pay", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Secrets:0", "whsec_dG9vLXNob3J0", "Secret 0 of the 'standard' provider")]
    [InlineData("Scheme", "Paypal", "ServiceAuth:Webhooks:payments:Scheme must be")]
    [InlineData("DedupeLifetime", "00:05:00", "ServiceAuth:Webhooks:payments:DedupeLifetime")]
    [InlineData("MaxBodyBytes", "0", "ServiceAuth:Webhooks:payments:MaxBodyBytes")]
    [InlineData("Tolerance", "02:00:00", "ServiceAuth:Webhooks:payments:Tolerance")]
    public async Task Invalid_provider_options_stop_the_service_naming_the_setting_never_the_secret(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ServiceAuth:Webhooks:payments:Secrets:0"] = "whsec_dG9vLXNob3J0",
            ["ServiceAuth:Webhooks:payments:" + key] = value,
        };
        if (key != "Secrets:0")
        {
            settings["ServiceAuth:Webhooks:payments:Secrets:0"] = WebhookApi.NewStandardSecret;
        }

        await using var app = Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dG9vLXNob3J0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookApi.NewStandardSecret["whsec_".Length..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_hmac_provider_needs_its_signature_header_and_no_secret_at_all_is_refused()
    {
        await using var app = Build(new Dictionary<string, string?>
        {
            ["ServiceAuth:Webhooks:partner:Scheme"] = "Hmac",
            ["ServiceAuth:Webhooks:partner:Secrets:0"] = "partner-secret-value",
            ["ServiceAuth:Webhooks:empty:Scheme"] = "GitHub",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("ServiceAuth:Webhooks:partner:SignatureHeader is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceAuth:Webhooks:empty:Secrets: A webhook provider needs 1 to 8 secrets; it has 0.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("partner-secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Providers_bind_from_configuration_and_a_delivery_is_verified_over_real_kestrel_sockets()
    {
        var runs = 0;
        await using var app = Build(
            new Dictionary<string, string?>
            {
                ["ServiceAuth:Webhooks:payments:Secrets:0"] = WebhookApi.NewStandardSecret,
                ["ServiceAuth:Webhooks:payments:MaxBodyBytes"] = "2048",
            },
            endpoints: a => a.MapPost("/hooks/pay", async (HttpRequest request, WebhookContext webhook) =>
            {
                Interlocked.Increment(ref runs);
                using var reader = new StreamReader(request.Body);
                return webhook.EventId + ":" + await reader.ReadToEndAsync();
            }).RequireWebhookSignature("payments"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = WebhookApi.Body("evt_k");

        var delivered = await http.SendAsync(WebhookSigner.Request("/hooks/pay", body, WebhookSigner.Standard(WebhookApi.NewStandardSecret, "evt_k", now, body)));
        var forged = await http.SendAsync(WebhookSigner.Request("/hooks/pay", body + " ", WebhookSigner.Standard(WebhookApi.NewStandardSecret, "evt_k2", now, body)));
        var big = new string('x', 4096);
        var tooLarge = await http.SendAsync(WebhookSigner.Request("/hooks/pay", big, WebhookSigner.Standard(WebhookApi.NewStandardSecret, "evt_big", now, big), chunked: true));

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("evt_k:" + body, await delivered.Content.ReadAsStringAsync());
        await WebhookAssert.RefusedAsync(forged, HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureInvalid);
        await WebhookAssert.RefusedAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, AuthErrorCodes.WebhookBodyTooLarge);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_body_gets_no_500_and_the_endpoint_does_not_run()
    {
        var runs = 0;
        var logs = new LogCapture();
        await using var app = Build(
            new Dictionary<string, string?> { ["ServiceAuth:Webhooks:payments:Secrets:0"] = WebhookApi.NewStandardSecret },
            endpoints: a => a.MapPost("/hooks/pay", () => Interlocked.Increment(ref runs)).RequireWebhookSignature("payments"),
            logs: logs);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(IPAddress.Loopback, address.Port);
            var head = $"POST /hooks/pay HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\nwebhook-id: evt_1\r\nwebhook-timestamp: 1\r\nwebhook-signature: v1,AAAA\r\n\r\n{{\"partial\":";
            await socket.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        }

        await S2SAuth.Tests.Shared.Eventually.TrueAsync(() => logs.Entries.Any(e => e.EventId.Id == 1706), "the aborted delivery is logged");
        Assert.Equal(0, runs);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Each_delivery_is_audited_once_with_its_outcome_and_nothing_secret_is_logged()
    {
        var sink = new CapturingSink();
        await using var api = await WebhookApi.StartAsync(_issuer, services: s => s.AddSingleton<IAuditSink>(sink));
        var body = WebhookApi.Body("evt_a");
        var headers = api.Sign("standard", "evt_a", body);
        var forged = api.Sign("standard", "evt_b", body, secret: "whsec_dGhpcy1pcy1ub3QtdGhlLXNlY3JldC1hdC1hbGwtcmVhbGx5");

        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/standard", body, headers));
        await WebhookAssert.DuplicateAsync(await api.SendAsync("/webhooks/standard", body, headers));
        await WebhookAssert.RefusedAsync(await api.SendAsync("/webhooks/standard", body, forged), HttpStatusCode.Unauthorized, AuthErrorCodes.WebhookSignatureInvalid);
        var github = api.Sign("github", "gh-1", body);
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/github", body, github));
        var stripe = api.Sign("stripe", "evt_a", body);
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/stripe", body, stripe));
        var hmac = api.Sign("hmac", "h-1", body);
        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/hmac", body, hmac));

        var events = sink.Events.ToArray();
        Assert.Equal(6, events.Length);
        Assert.Equal(AuditOutcome.Allowed, events[0].Outcome);
        Assert.Equal("webhook:standard", events[0].Activity);
        Assert.Equal("evt_a", events[0].WebhookEventId);
        Assert.Equal("tenant_42", events[0].TenantId);
        Assert.Equal("POST /webhooks/standard", events[0].Endpoint);
        Assert.Null(events[0].ReasonCode);
        Assert.Equal(AuditOutcome.Duplicate, events[1].Outcome);
        Assert.Equal(AuthErrorCodes.WebhookDuplicate, events[1].ReasonCode);
        Assert.Equal("evt_a", events[1].WebhookEventId);
        Assert.Equal(AuditOutcome.Denied, events[2].Outcome);
        Assert.Equal(AuthErrorCodes.WebhookSignatureInvalid, events[2].ReasonCode);
        Assert.Equal(401, events[2].StatusCode);
        Assert.Null(events[2].WebhookEventId); // a refused delivery's id is not trusted
        Assert.Equal("gh-1", events[3].WebhookEventId);
        Assert.Equal("evt_a", events[4].WebhookEventId); // Stripe: from the verified body

        var logs = api.Api.Logs.AllText();
        foreach (var secret in new[] { WebhookApi.OldStandardSecret, WebhookApi.NewStandardSecret, WebhookApi.StripeSecret, WebhookApi.GitHubSecret, WebhookApi.HmacSecret })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret.Replace("whsec_", string.Empty, StringComparison.Ordinal), logs, StringComparison.Ordinal);
        }

        foreach (var signature in new[] { headers["webhook-signature"], forged["webhook-signature"], github["X-Hub-Signature-256"], stripe["Stripe-Signature"], hmac["X-Signature"] })
        {
            Assert.DoesNotContain(signature, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(signature[^20..], logs, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("payment.succeeded", logs, StringComparison.Ordinal);
        Assert.Contains(api.Api.Logs.Entries, e => e.EventId.Id == 1702 && e.Message.Contains("evt_a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_default_audit_sink_logs_a_webhook_delivery_with_its_event_id()
    {
        await using var api = await WebhookApi.StartAsync(_issuer);
        var body = WebhookApi.Body("evt_1");
        var headers = api.Sign("github", "gh-7f3a", body); // ids with control characters are refused as malformed before this

        await WebhookAssert.DeliveredAsync(await api.SendAsync("/webhooks/github", body, headers));
        await WebhookAssert.DuplicateAsync(await api.SendAsync("/webhooks/github", body, headers));

        var audit = api.Api.Logs.Entries.Where(e => e.EventId.Id == 1707).ToArray();
        Assert.Equal(2, audit.Length);
        Assert.Equal("Allowed webhook:github", audit[0].Message);
        Assert.Equal("Duplicate webhook:github: webhook_duplicate", audit[1].Message);
        Assert.Equal(("Duplicate", "webhook:github", "webhook_duplicate"), (audit[1].Values["Outcome"], audit[1].Values["Activity"], audit[1].Values["ReasonCode"]));
        Assert.All(audit, line => Assert.Equal("gh-7f3a", line.Values["WebhookEventId"]));
    }

    [Fact]
    public async Task A_replay_store_that_cannot_answer_refuses_with_503_and_nothing_runs()
    {
        await using var api = await WebhookApi.StartAsync(_issuer, services: s => s.Replace(ServiceDescriptor.Singleton<IReplayStore, DownReplayStore>()));
        var body = WebhookApi.Body("evt_1");

        foreach (var scheme in new[] { "standard", "github" })
        {
            var response = await api.SendAsync("/webhooks/" + scheme, body, api.Sign(scheme, "evt_1", body));

            await WebhookAssert.RefusedAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.ReplayCheckUnavailable);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal(0, api.RunsOf(scheme));
        }

        Assert.Equal(0, api.ResolverRuns);
    }

    private WebApplication Build(Dictionary<string, string?> settings, Action<WebApplication>? endpoints = null, LogCapture? logs = null)
    {
        // Real Kestrel on 127.0.0.1 (a free port): the start-up checks run as they do in production.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

        builder.Logging.ClearProviders().AddProvider(logs ?? new LogCapture());
        settings["ServiceAuth:Authority"] = _issuer.Authority;
        settings["ServiceAuth:Audience"] = TestApi.Audience;
        settings["ServiceAuth:RequireHttpsMetadata"] = "false";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddServiceAuth(builder.Configuration);
        var app = builder.Build();
        app.UseServiceAuth();
        endpoints?.Invoke(app);
        return app;
    }

    private sealed class CapturingSink : IAuditSink
    {
        public ConcurrentQueue<AuthorizationAuditEvent> Events { get; } = new();

        public ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken)
        {
            Events.Enqueue(auditEvent);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class DownReplayStore : IReplayStore
    {
        public ValueTask<ReplayCheck> TryFirstUseAsync(ReplayKey key, DateTimeOffset until, CancellationToken cancellationToken) => ValueTask.FromResult(ReplayCheck.Unavailable);
    }
}
