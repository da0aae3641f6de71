using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSec.Cryptography;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Webhooks.Framework;

/// <summary>
/// An in-memory API (<see cref="TestApi"/>, default identities ServiceAndUser) with one webhook provider per scheme and a
/// fake clock: <c>POST /webhooks/{provider}</c> echoes the body it reads and its <see cref="WebhookContext"/>; the
/// tenant resolver reads <c>tenant</c> from the verified body and counts its runs. Also <c>POST /bound/standard</c>
/// (minimal-API model binding), <c>POST /mvc/standard</c> (an MVC action with <c>[FromBody]</c>), <c>POST /failing</c>
/// (500 on its first run), and a group <c>/grouped/...</c> marked as a whole.
/// </summary>
public sealed class WebhookApi : IAsyncDisposable
{
    public const string OldStandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string NewStandardSecret = "whsec_c2Vjb25kLXNlY3JldC1vZi10aGlydHktdHdvLWJ5dGVz";
    public const string StripeSecret = "whsec_stripe_test_secret_value";
    public const string GitHubSecret = "github-test-secret-value";
    public const string HmacSecret = "generic-test-secret-value";

    private WebhookApi(TestApi api, FakeTimeProvider time, Key edKey)
    {
        Api = api;
        Time = time;
        EdKey = edKey;
    }

    public TestApi Api { get; }

    public FakeTimeProvider Time { get; }

    public Key EdKey { get; }

    public ConcurrentDictionary<string, int> Runs { get; } = new();

    public int ResolverRuns;

    public long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    public static async Task<WebhookApi> StartAsync(TestIssuer issuer, Action<IServiceCollection>? services = null, Action<ServiceAuthOptions>? configure = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var edKey = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var edPublic = "whpk_" + Convert.ToBase64String(edKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        WebhookApi? self = null;
        var api = await TestApi.StartAsync(
            issuer,
            o =>
            {
                o.Webhooks["standard"] = new WebhookProviderOptions { Secrets = [OldStandardSecret, NewStandardSecret], MaxBodyBytes = 1024 };
                o.Webhooks["ed"] = new WebhookProviderOptions { Scheme = "StandardWebhooks", Secrets = [edPublic], MaxBodyBytes = 1024 };
                o.Webhooks["stripe"] = new WebhookProviderOptions { Scheme = "Stripe", Secrets = [StripeSecret], MaxBodyBytes = 1024 };
                o.Webhooks["github"] = new WebhookProviderOptions { Scheme = "GitHub", Secrets = [GitHubSecret], MaxBodyBytes = 1024 };
                o.Webhooks["hmac"] = new WebhookProviderOptions
                {
                    Scheme = "Hmac",
                    Secrets = [HmacSecret],
                    MaxBodyBytes = 1024,
                    SignatureHeader = "X-Signature",
                    SignaturePrefix = "sha256=",
                    TimestampHeader = "X-Timestamp",
                    EventIdHeader = "X-Event-Id",
                };
                configure?.Invoke(o);
            },
            s =>
            {
                s.AddSingleton<TimeProvider>(time);
                // Only this controller: it is internal, so no other test host that adds this assembly's controllers maps it.
                s.AddControllers().ConfigureApplicationPartManager(m => m.FeatureProviders.Add(new OnlyWebhookController()));
                services?.Invoke(s);
            },
            app =>
            {
                foreach (var provider in new[] { "standard", "ed", "stripe", "github", "hmac" })
                {
                    app.MapPost("/webhooks/" + provider, async (HttpRequest request, WebhookContext webhook, ServiceAuthContext auth) =>
                    {
                        using var reader = new StreamReader(request.Body);
                        var body = await reader.ReadToEndAsync();
                        self!.Runs.AddOrUpdate(provider, 1, (_, n) => n + 1);
                        return Results.Json(new
                        {
                            provider = webhook.Provider,
                            eventId = webhook.EventId,
                            tenant = webhook.TenantId,
                            timestamp = webhook.Timestamp?.ToUnixTimeSeconds(),
                            contextTenant = auth.Tenant.TenantId,
                            tenantSource = auth.Tenant.Source.ToString(),
                            sameContext = ReferenceEquals(webhook, request.HttpContext.GetWebhookContext()),
                            body,
                        });
                    }).RequireWebhookSignature(provider, (webhook, body) => self!.ResolveTenant(body));
                }

                app.MapPost("/bound/standard", (Payment payment, WebhookContext webhook) =>
                {
                    self!.Runs.AddOrUpdate("bound", 1, (_, n) => n + 1);
                    return Results.Json(new { payment.Amount, payment.Tenant, webhook.EventId });
                }).RequireWebhookSignature("standard");

                app.MapPost("/failing", () =>
                {
                    var run = self!.Runs.AddOrUpdate("failing", 1, (_, n) => n + 1);
                    return run == 1 ? Results.StatusCode(500) : Results.Ok(new { run });
                }).RequireWebhookSignature("standard");

                var group = app.MapGroup("/grouped").RequireWebhookSignature("standard");
                group.MapPost("/one", (WebhookContext webhook) => Results.Ok(new { webhook.EventId }));

                app.MapControllers();
            });
        self = new WebhookApi(api, time, edKey);
        return self;
    }

    public int RunsOf(string name) => Runs.GetValueOrDefault(name);

    public Task<HttpResponseMessage> SendAsync(string path, string body, IReadOnlyDictionary<string, string> headers, bool chunked = false) =>
        Api.Client.SendAsync(WebhookSigner.Request(path, body, headers, chunked));

    /// <summary>A validly signed delivery for <paramref name="provider"/>, at the fake clock's now (or <paramref name="timestamp"/>).</summary>
    public Dictionary<string, string> Sign(string provider, string id, string body, long? timestamp = null, string? secret = null)
    {
        var t = timestamp ?? Now;
        return provider switch
        {
            "standard" => WebhookSigner.Standard(secret ?? NewStandardSecret, id, t, body),
            "ed" => WebhookSigner.StandardEd25519(EdKey, id, t, body),
            "stripe" => WebhookSigner.Stripe(secret ?? StripeSecret, t, body),
            "github" => WebhookSigner.GitHub(secret ?? GitHubSecret, id, body),
            "hmac" => WebhookSigner.Hmac(secret ?? HmacSecret, id, t, body),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
    }

    /// <summary>A body carrying its event id (Stripe reads it from there) and a tenant.</summary>
    public static string Body(string id, string tenant = "tenant_42") => $"{{\"id\":\"{id}\",\"type\":\"payment.succeeded\",\"tenant\":\"{tenant}\",\"amount\":1200}}";

    public ValueTask DisposeAsync()
    {
        EdKey.Dispose();
        return Api.DisposeAsync();
    }

    private string? ResolveTenant(ReadOnlyMemory<byte> body)
    {
        Interlocked.Increment(ref ResolverRuns);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("tenant", out var tenant) ? tenant.GetString() : null;
    }
}

/// <summary>A payment event as model binding reads it.</summary>
public sealed record Payment(string Id, string Type, string Tenant, int Amount);

/// <summary>An MVC webhook receiver: the action binds the verified body.</summary>
[ApiController]
[Route("mvc")]
[RequireWebhookSignature("standard")]
internal sealed class WebhookController : ControllerBase
{
    [HttpPost("standard")]
    public IActionResult Receive([FromBody] Payment payment) =>
        Ok(new { payment.Amount, payment.Tenant, eventId = HttpContext.GetWebhookContext()?.EventId });
}

/// <summary>Adds <see cref="WebhookController"/> (internal, so not discovered by convention) to the host's controllers.</summary>
internal sealed class OnlyWebhookController : IApplicationFeatureProvider<ControllerFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature) => feature.Controllers.Add(typeof(WebhookController).GetTypeInfo());
}
