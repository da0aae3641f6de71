using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Console;

namespace S2SAuth.Soak;

/// <summary>
/// The service under soak, in its own process: S2SAuth with the issuer's metadata, Redis revocation, one tenant-scoped
/// <c>RequireActivity</c> endpoint and the default audit sink (one JSON log line per decision on stdout, which the runner
/// sends to /dev/null). Warnings and errors go to stderr (the runner keeps them in <c>server.log</c>). <c>GET /diag</c>
/// (anonymous) reports the managed heap for the sampler.
/// </summary>
internal static class SoakServer
{
    public const string Audience = "orders-api";
    public const string Activity = "order.read";

    public static async Task<int> RunAsync(string authority, string redis, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddJsonConsole().SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Warning);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = authority;
            o.Audience = Audience;
            o.RequireHttpsMetadata = false;

            // The soak's issuer rotates every ~30 s and publishes each key one rotation ahead of signing with it (as a
            // production issuer should); these make the service pick a pre-published key up well within that time.
            // Defaults (1 h / 30 s) suit issuers that rotate daily or less often.
            o.KeyRefreshInterval = TimeSpan.FromSeconds(10);
            o.KeyRefreshMinInterval = TimeSpan.FromSeconds(5);
        }).AddRedisRevocation(o => o.Configuration = redis);

        var app = builder.Build();
        app.UseServiceAuth();
        app.MapGroup("/tenants/{tenantId}")
            .WithTenantFrom(TenantParameterSource.Route, "tenantId")
            .MapGet("/orders/{id}", (string id) => "ok")
            .RequireActivity(Activity);
        app.MapGet("/diag", () =>
        {
            var info = GC.GetGCMemoryInfo();
            return string.Create(CultureInfo.InvariantCulture, $"{info.HeapSizeBytes},{GC.GetTotalMemory(false)},{GC.CollectionCount(2)}");
        }).AllowAnonymous();
        await app.RunAsync();
        return 0;
    }
}
