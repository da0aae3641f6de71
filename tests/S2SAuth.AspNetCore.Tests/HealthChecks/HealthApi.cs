using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.HealthChecks;

/// <summary>
/// An API on real Kestrel (127.0.0.1) with <c>AddHealthChecks().AddServiceAuthChecks()</c> and <c>/healthz</c> (a JSON
/// writer that prints every entry's description and data, as operators do), against a <see cref="TestIssuer"/>; both
/// share one <see cref="FakeTimeProvider"/>. Optionally an outgoing token client for <c>pricing-service</c>.
/// </summary>
public sealed class HealthApi : IAsyncDisposable
{
    public const string ClientSecret = "orders-secret-7c1e9a";
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxStaleness = TimeSpan.FromHours(1);

    private HealthApi(FakeTimeProvider time, TestIssuer issuer, WebApplication app, HttpClient http)
    {
        Time = time;
        Issuer = issuer;
        App = app;
        Http = http;
    }

    public FakeTimeProvider Time { get; }

    public TestIssuer Issuer { get; }

    public WebApplication App { get; }

    /// <summary>A client of the Kestrel listener.</summary>
    public HttpClient Http { get; }

    public static async Task<HealthApi> StartAsync(bool issuerAvailable = true, bool tokenClient = false, bool serviceAuth = true, bool revocation = false)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TimeProvider = time });
        issuer.AddClient("orders-service", ClientSecret, "pricing.resolve");
        issuer.IsAvailable = issuerAvailable;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddHealthChecks().AddServiceAuthChecks(); // before AddServiceAuth on purpose: the order does not matter
        if (serviceAuth)
        {
            builder.Services.AddServiceAuth(o =>
            {
                o.Authority = issuer.Authority;
                o.Audience = "inventory-service";
                o.RequireHttpsMetadata = false;
                o.KeyRefreshMinInterval = MinInterval;
                o.KeyRefreshInterval = RefreshInterval;
                o.KeyMaxStaleness = MaxStaleness;
            });
        }

        if (revocation)
        {
            builder.Services.AddServiceAuth(_ => { }).AddRevocation();
        }

        if (tokenClient)
        {
            builder.Services.AddServiceTokenClient(configure: o =>
            {
                o.Authority = issuer.Authority;
                o.ClientId = "orders-service";
                o.ClientSecret = ClientSecret;
                o.RequireHttpsMetadata = false;
            });
        }

        var app = builder.Build();
        if (serviceAuth)
        {
            app.UseServiceAuth();
        }

        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("s2sauth"),
            ResponseWriter = WriteJsonAsync,
        }).AllowAnonymous();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HealthApi(time, issuer, app, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>One run of the S2SAuth checks, as a probe makes it.</summary>
    public Task<HealthReport> CheckAsync() =>
        App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("s2sauth"));

    public async Task<HealthReportEntry> CheckAsync(string name) => (await CheckAsync()).Entries[name];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Issuer.DisposeAsync();
    }

    private static Task WriteJsonAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description, e.Value.Data }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
