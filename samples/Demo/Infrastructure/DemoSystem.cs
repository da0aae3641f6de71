using System.Net.Http.Json;
using System.Text.Json;
using AuthService.Hosting;
using Billing.Hosting;
using Billing.Reconciliation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Hosting;
using Pricing.Hosting;
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

    public AuthServiceInstance Issuer { get; private set; } = null!;

    public RunningService Pricing { get; private set; } = null!;

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

    /// <summary>A demo user's token from the issuer's development-only endpoint (default audiences: Orders and Pricing).</summary>
    public async Task<string> UserTokenAsync(string userId, bool expired = false, CancellationToken cancellationToken = default, params string[] audiences)
    {
        object request = audiences.Length == 0 ? new { userId, expired } : new { userId, expired, audiences };
        using var response = await _http.PostAsJsonAsync(new Uri(Issuer.BaseAddress, "dev/user-tokens"), request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return body.RootElement.GetProperty("access_token").GetString()!;
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
        _http.Dispose();
        _frontEndHttp?.Dispose();
        if (errors is not null)
        {
            throw new AggregateException("Some demo servers did not stop cleanly.", errors);
        }
    }

    private async Task StartAllAsync(DemoSystemOptions options, CancellationToken cancellationToken)
    {
        Issuer = Started(await AuthServiceHost.StartAsync(new AuthServiceStartOptions
        {
            UseDemoSettings = true,
            Settings = [new("DevUserTokens:Enabled", "true"), .. options.IssuerSettings],
            Configure = builder => Configure("issuer", builder, options),
        }, cancellationToken));

        Pricing = Started(await PricingHost.StartAsync(Service("pricing", "pricing-service", null, [], options), cancellationToken));
        Billing = Started(await BillingHost.StartAsync(Service("billing", "billing-service", DemoAccounts.BillingWorker,
        [
            new("Services:Pricing", Pricing.BaseAddress.AbsoluteUri),
            new("Reconciliation:TenantId", DemoAccounts.TenantA),
            new("Reconciliation:Interval", "00:00:00"), // the demo runs the job itself
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
        return new SampleStartOptions
        {
            Settings = all,
            Configure = builder =>
            {
                builder.Services.AddSingleton(Audit.SinkFor(name)); // S2SAuth's IAuditSink: every decision of this service
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
        foreach (var address in new[] { Issuer.BaseAddress, Pricing.BaseAddress, Billing.BaseAddress, Orders.BaseAddress })
        {
            using var response = await _http.GetAsync(new Uri(address, "health"), deadline.Token);
            response.EnsureSuccessStatusCode();
        }
    }
}
