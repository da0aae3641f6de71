using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using System.Text.Json;
using AuthService.Hosting;
using Billing.Hosting;
using Billing.Reconciliation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Hosting;
using Pricing.Hosting;
using S2SAuth;
using SampleHosting;

namespace Demo.Infrastructure;

/// <summary>
/// The demo's system in this process: the AuthService issuer and Orders, Pricing and Billing, each on a free loopback
/// port, each sending its audit events to <see cref="Audit"/>. Disposing it stops every one of them.
/// </summary>
public sealed class DemoSystem : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> _started = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private HttpClient? _frontEndHttp;

    private DemoSystem()
    {
    }

    public AuditTrail Audit { get; } = new();

    /// <summary>The demo's internal CA and certificates (mutual TLS at the issuer and at Pricing).</summary>
    public DemoCertificates Certificates { get; } = new();

    /// <summary>The issuer's HTTPS port asking for client certificates: RFC 8705 token requests (<c>mtls_endpoint_aliases</c>).</summary>
    public Uri IssuerMutualTls { get; private set; } = null!;

    /// <summary>Pricing's HTTPS port asking for client certificates (its plain-HTTP port stays for the other scenarios).</summary>
    public Uri PricingMutualTls { get; private set; } = null!;

    public AuthServiceInstance Issuer { get; private set; } = null!;

    public RunningService Pricing { get; private set; } = null!;

    /// <summary>A second instance of Pricing (a replica): revocations must reach both.</summary>
    public RunningService PricingReplica { get; private set; } = null!;

    /// <summary>Both Pricing instances, with the audit name of each.</summary>
    public IReadOnlyList<(string Name, RunningService Service)> PricingReplicas => [("pricing", Pricing), ("pricing-2", PricingReplica)];

    /// <summary>
    /// Where revocations are shared: this process's memory (one <see cref="InMemoryRevocationStore"/> for the issuer and
    /// every service), or Redis when the environment variable <c>S2SAUTH_DEMO_REDIS</c> holds a configuration string.
    /// </summary>
    public string RevocationStoreName => _redis is null ? "in-process memory" : "Redis";

    private readonly InMemoryRevocationStore _revocations = new();
    private readonly string? _redis = Environment.GetEnvironmentVariable("S2SAUTH_DEMO_REDIS") is { Length: > 0 } redis ? redis : null;
    private readonly string _redisPrefix = $"s2sauth-demo-{Guid.NewGuid():N}:";

    public RunningService Billing { get; private set; } = null!;

    public RunningService Orders { get; private set; } = null!;

    /// <summary>The issuer URL as the services are configured with it (<c>ServiceAuth:Authority</c>).</summary>
    public string Authority => Issuer.BaseAddress.AbsoluteUri.TrimEnd('/');

    /// <summary>The user's side: calls Orders with a user token only.</summary>
    public FrontEnd FrontEnd { get; private set; } = null!;

    public ReconciliationJob ReconciliationJob => Billing.Services.GetRequiredService<ReconciliationJob>();

    public static async Task<DemoSystem> StartAsync(DemoSystemOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DemoSystemOptions();
        var system = new DemoSystem();
        try
        {
            await system.StartAllAsync(options, cancellationToken);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another service calling <paramref name="target"/> with its own account (see <see cref="ServiceCaller"/>).</summary>
    public ServiceCaller CallerFor(DemoAccount account, RunningService target, IEnumerable<string> scopes, Action<IServiceCollection>? configure = null) =>
        ServiceCaller.Create(Authority, account, target.BaseAddress, scopes, configure);

    /// <summary>Which service listens on which loopback port (for the trace printout).</summary>
    public IReadOnlyDictionary<int, string> ServiceNamesByPort() => new Dictionary<int, string>
    {
        [Issuer.BaseAddress.Port] = "authservice",
        [Orders.BaseAddress.Port] = "orders",
        [Pricing.BaseAddress.Port] = "pricing",
        [PricingReplica.BaseAddress.Port] = "pricing-2",
        [Billing.BaseAddress.Port] = "billing",
    };

    /// <summary>A demo user's token from the issuer's development-only endpoint (default audiences: Orders and Pricing).</summary>
    public async Task<string> UserTokenAsync(string userId, bool expired = false, CancellationToken cancellationToken = default, params string[] audiences)
    {
        object request = audiences.Length == 0 ? new { userId, expired } : new { userId, expired, audiences };
        using var response = await _http.PostAsJsonAsync(new Uri(Issuer.BaseAddress, "dev/user-tokens"), request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A service token straight from the issuer's token endpoint (client credentials), as a leaked one would be.</summary>
    public async Task<(HttpStatusCode Status, string? Token, string? Error)> ServiceTokenAsync(DemoAccount account, string scope, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(Issuer.TokenEndpoint, Form(account, ("grant_type", "client_credentials"), ("scope", scope)), cancellationToken);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return response.IsSuccessStatusCode
            ? (response.StatusCode, body.RootElement.GetProperty("access_token").GetString(), null)
            : (response.StatusCode, null, body.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    /// <summary>
    /// An RFC 8693 exchange of <paramref name="subjectToken"/> as <paramref name="account"/>: the request Orders' handler makes
    /// for a user-scoped call to Pricing, made by hand so a scenario can hold (and replay) the token it gives.
    /// </summary>
    public async Task<(HttpStatusCode Status, string? Token, string? Error)> ExchangeAsync(DemoAccount account, string subjectToken, string audience, string scope,
        CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(Issuer.TokenEndpoint, Form(account, ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
            ("subject_token", subjectToken), ("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), ("audience", audience), ("scope", scope)),
            cancellationToken);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return response.IsSuccessStatusCode
            ? (response.StatusCode, body.RootElement.GetProperty("access_token").GetString(), null)
            : (response.StatusCode, null, body.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    /// <summary>Revokes <paramref name="token"/> at the issuer's RFC 7009 endpoint, as its owner <paramref name="account"/>: the one call of the runbook.</summary>
    public async Task<HttpStatusCode> RevokeAtIssuerAsync(DemoAccount account, string token, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri(Issuer.BaseAddress, "connect/revoke"),
            Form(account, ("token", token), ("token_type_hint", "access_token")), cancellationToken);
        return response.StatusCode;
    }

    private static FormUrlEncodedContent Form(DemoAccount account, params (string Key, string Value)[] fields) =>
        new([new("client_id", account.Id), new("client_secret", account.Secret), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);

    private static KeyValuePair<string, string?>[] InventoryAccount() =>
    [
        new("ServiceAccounts:4:Id", DemoAccounts.Inventory.Id),
        new("ServiceAccounts:4:Secret", DemoAccounts.Inventory.Secret),
        new("ServiceAccounts:4:Scopes:0", "pricing.resolve"),
        new("ServiceAccounts:4:TenantId", DemoAccounts.TenantA),
    ];

    /// <summary>RFC 8705 at the issuer: client certificates of the demo CA authenticate (orders-service by its SPIFFE ID), tokens are bound.</summary>
    private KeyValuePair<string, string?>[] MutualTlsSettings(int issuerPort) =>
    [
        new("AuthService:Issuer", $"http://127.0.0.1:{issuerPort}/"),
        new("AuthService:MutualTls:TrustedCaPath", Certificates.CaPath),
        new("AuthService:MutualTls:TokenEndpointAlias", new Uri(IssuerMutualTls, "connect/token").AbsoluteUri),
    ];

    /// <summary>
    /// A second, HTTPS listener that asks every client for a certificate and lets the handshake through whatever it
    /// presents: S2SAuth (at Pricing) and OpenIddict (at the issuer) judge the certificate, not the handshake.
    /// </summary>
    private void ListenWithClientCertificates(WebApplicationBuilder builder, Uri address) =>
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, address.Port, listen => listen.UseHttps(Certificates.Server, https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        })));

    /// <summary>With Redis: every host (issuer and services) gets its address and this run's own key prefix.</summary>
    private KeyValuePair<string, string?>[] RevocationSettings() => _redis is null
        ? []
        :
        [
            new(RedisRevocationOptions.SectionName + ":Configuration", _redis),
            new(RedisRevocationOptions.SectionName + ":KeyPrefix", _redisPrefix),
        ];

    /// <summary>Without Redis: every host of this process shares one in-memory store.</summary>
    private void UseRevocationStore(WebApplicationBuilder builder)
    {
        if (_redis is null)
        {
            builder.Services.AddSingleton(_revocations);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stop in reverse order; one failing to stop does not keep the others running.
        List<Exception>? errors = null;
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].DisposeAsync();
            }
#pragma warning disable CA1031 // collect and rethrow below: every server must be stopped
            catch (Exception e)
#pragma warning restore CA1031
            {
                (errors ??= []).Add(e);
            }
        }

        _started.Clear();
        Certificates.Dispose();
        _http.Dispose();
        _frontEndHttp?.Dispose();
        if (errors is not null)
        {
            throw new AggregateException("Some demo servers did not stop cleanly.", errors);
        }
    }

    private async Task StartAllAsync(DemoSystemOptions options, CancellationToken cancellationToken)
    {
        // The issuer's name is its plain-HTTP address, fixed before it starts: tokens from its HTTPS port carry the same iss.
        var issuerPort = DemoCertificates.FreePort();
        IssuerMutualTls = new Uri($"https://127.0.0.1:{DemoCertificates.FreePort()}/");
        Issuer = Started(await AuthServiceHost.StartAsync(new AuthServiceStartOptions
        {
            UseDemoSettings = true,
            Port = issuerPort,
            Settings = [new("DevUserTokens:Enabled", "true"), .. InventoryAccount(), .. RevocationSettings(), .. MutualTlsSettings(issuerPort), .. options.IssuerSettings],
            Configure = builder =>
            {
                ListenWithClientCertificates(builder, IssuerMutualTls);
                UseRevocationStore(builder);
                Configure("issuer", builder, options);
            },
        }, cancellationToken));

        PricingMutualTls = new Uri($"https://127.0.0.1:{DemoCertificates.FreePort()}/");
        var pricing = Service("pricing", "pricing-service", null, [], options);
        var pricingConfigure = pricing.Configure!;
        pricing.Configure = builder =>
        {
            ListenWithClientCertificates(builder, PricingMutualTls);
            pricingConfigure(builder);
        };
        Pricing = Started(await PricingHost.StartAsync(pricing, cancellationToken));
        PricingReplica = Started(await PricingHost.StartAsync(Service("pricing-2", "pricing-service", null, [], options), cancellationToken));
        Billing = Started(await BillingHost.StartAsync(Service("billing", "billing-service", DemoAccounts.BillingWorker,
        [
            new("Services:Pricing", Pricing.BaseAddress.AbsoluteUri),
            new("Reconciliation:TenantId", DemoAccounts.TenantA),
            new("Reconciliation:Interval", "00:00:00"), // the demo runs the job itself
            new("ServiceAuth:Webhooks:payments:Secrets:0", Demo.Scenarios.WebhookScenarios.PaymentsSecret), // demo-only (WebhookScenarios)
        ], options), cancellationToken));
        Orders = Started(await OrdersHost.StartAsync(Service("orders", "orders-service", DemoAccounts.Orders,
        [
            new("Services:Pricing", Pricing.BaseAddress.AbsoluteUri),
            new("Services:Billing", Billing.BaseAddress.AbsoluteUri),
        ], options), cancellationToken));

        _frontEndHttp = new HttpClient { BaseAddress = Orders.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        FrontEnd = new FrontEnd(_frontEndHttp);

        await WaitUntilReadyAsync(cancellationToken);
    }

    private SampleStartOptions Service(string name, string audience, DemoAccount? account, KeyValuePair<string, string?>[] settings, DemoSystemOptions options)
    {
        var all = new List<KeyValuePair<string, string?>>
        {
            new("ServiceAuth:Authority", Authority),
            new("ServiceAuth:Audience", audience),
            new("ServiceAuth:RequireHttpsMetadata", "false"), // allowed because the authority is loopback
        };
        if (account is not null)
        {
            all.Add(new("ServiceAuth:ClientId", account.Id));
            all.Add(new("ServiceAuth:ClientSecret", account.Secret));
        }

        all.AddRange(settings);
        all.AddRange(RevocationSettings());
        return new SampleStartOptions
        {
            Settings = all,
            Configure = builder =>
            {
                builder.Services.AddSingleton(Audit.SinkFor(name)); // S2SAuth's IAuditSink: every decision of this service
                UseRevocationStore(builder);
                Configure(name, builder, options);
            },
        };
    }

    private static void Configure(string name, WebApplicationBuilder builder, DemoSystemOptions options)
    {
        builder.Logging.ClearProviders();
        options.ConfigureHost?.Invoke(name, builder);
    }

    private T Started<T>(T server)
        where T : IAsyncDisposable
    {
        _started.Add(server);
        return server;
    }

    /// <summary>Every server answers its public health endpoint.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyTimeout);
        foreach (var address in new[] { Issuer.BaseAddress, Pricing.BaseAddress, PricingReplica.BaseAddress, Billing.BaseAddress, Orders.BaseAddress })
        {
            using var response = await _http.GetAsync(new Uri(address, "health"), deadline.Token);
            response.EnsureSuccessStatusCode();
        }
    }
}
