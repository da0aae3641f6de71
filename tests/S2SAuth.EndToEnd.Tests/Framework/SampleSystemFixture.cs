using Demo.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>
/// The demo's system (AuthService + Orders + Pricing + Billing, each on a free loopback port), started once for the
/// sample tests: every host's requests recorded, every log line captured at Trace, every audit event kept.
/// </summary>
public sealed class SampleSystemFixture : IAsyncLifetime
{
    /// <summary>An extra account, enabled at start, that one test disables at run time (tenant_a, pricing.resolve).</summary>
    public static readonly DemoAccount Toggled = new("e2e-toggled-service", "e2e-toggled-secret-4c1d8e0b27");

    public DemoSystem System { get; private set; } = null!;

    public RequestRecorder Requests { get; } = new();

    public LogCapture Logs { get; } = new();

    public AuditTrail Audit => System.Audit;

    public async Task InitializeAsync()
    {
        System = await DemoSystem.StartAsync(new DemoSystemOptions
        {
            // A high index appends to the seed's accounts instead of overwriting one of them.
            IssuerSettings =
            [
                new("ServiceAccounts:99:Id", Toggled.Id),
                new("ServiceAccounts:99:Secret", Toggled.Secret),
                new("ServiceAccounts:99:Scopes:0", "pricing.resolve"),
                new("ServiceAccounts:99:TenantId", "tenant_a"),
            ],
            ConfigureHost = (name, builder) =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs);
                builder.Services.AddSingleton<IStartupFilter>(Requests.FilterFor(name));
            },
        });
    }

    public async Task DisposeAsync() => await System.DisposeAsync();

    /// <summary>A fresh correlation id, so a test finds exactly its own requests and audit events.</summary>
    public static string NewCorrelationId() => "e2e-" + Guid.NewGuid().ToString("N");
}
