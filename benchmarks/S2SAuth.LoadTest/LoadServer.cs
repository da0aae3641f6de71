using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using S2SAuth.Testing;
using Serilog;
using Serilog.Formatting.Compact;

namespace S2SAuth.LoadTest;

/// <summary>
/// One server of the load test. All three modes answer <c>GET /work</c> with the same small body; they differ
/// only in authentication: none, stock JwtBearer with two schemes (service header + user bearer) and a policy,
/// or S2SAuth with <c>RequireActivity("order.confirm")</c> (scope, permission and tenant rules, one audit event and
/// the metrics per request). Tokens come from a TestIssuer running in the same process; <c>GET /tokens</c> hands them out.
/// </summary>
internal static class LoadServer
{
    public const string Audience = "pricing-service";
    public const string Activity = "order.confirm";

    public static async Task<int> RunAsync(string mode, int port)
    {
        await using var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TokenLifetime = TimeSpan.FromMinutes(30) });
        var serviceToken = issuer.ServiceToken("orders-service", Audience, [Activity], "tenant_789").Build();
        var userToken = issuer.UserToken("user_123", Audience, "tenant_789", [Activity]).Build();

        var builder = WebApplication.CreateSlimBuilder();

        // A production log set-up: Information by default, the framework at Warning, JSON lines on stdout (the runner sends
        // them to /dev/null). S2SAuth's audit events (category S2SAuth.Audit, Information) are written, one per decision.
        // "s2sauth-serilog" writes them through Serilog instead; "s2sauth-quiet" drops them at the logger (the events are
        // still made and handed to the sink) to show what writing them costs.
        builder.Logging.ClearProviders().AddJsonConsole().SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
        if (mode == "s2sauth-quiet")
        {
            builder.Logging.AddFilter("S2SAuth.Audit", LogLevel.Warning);
        }
        else if (mode == "s2sauth-serilog")
        {
            // A logging pipeline built for throughput: Serilog's async wrapper hands events to a background writer of
            // compact JSON lines (buffered file output, here to /dev/null).
            builder.Logging.ClearProviders().AddSerilog(new LoggerConfiguration()
                .MinimumLevel.Information().MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
                .WriteTo.Async(a => a.File(new CompactJsonFormatter(), "/dev/null", buffered: true))
                .CreateLogger(), dispose: true);
        }

        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        switch (mode)
        {
            case "noauth":
                break;
            case "jwtbearer":
                AddStockJwtBearer(builder.Services, issuer.Authority);
                break;
            case "s2sauth" or "s2sauth-quiet" or "s2sauth-serilog":
                builder.Services.AddServiceAuth(o =>
                {
                    o.Authority = issuer.Authority;
                    o.Audience = Audience;
                    o.RequireHttpsMetadata = false;
                });
                break;
            default:
                Console.Error.WriteLine($"unknown mode {mode}");
                return 2;
        }

        var app = builder.Build();
        using var meters = ListenToMetrics();
        var work = app.MapGet("/work", () => "ok");
        app.MapGet("/tokens", () => new[] { serviceToken, userToken }).AllowAnonymous();
        if (mode == "jwtbearer")
        {
            app.UseAuthentication();
            app.UseAuthorization();
            work.RequireAuthorization("service-and-user");
        }
        else if (mode is "s2sauth" or "s2sauth-quiet" or "s2sauth-serilog")
        {
            app.UseServiceAuth();
            work.RequireActivity(Activity);
        }

        await app.RunAsync();
        return 0;
    }

    private static void AddStockJwtBearer(IServiceCollection services, string authority)
    {
        services.AddAuthentication()
            .AddJwtBearer("service", o => Configure(o, authority, fromHeader: "X-Service-Token"))
            .AddJwtBearer("user", o => Configure(o, authority, fromHeader: null));
        services.AddAuthorization(o => o.AddPolicy("service-and-user", p => p
            .AddAuthenticationSchemes("service", "user")
            .RequireAuthenticatedUser()
            .RequireAssertion(c =>
                c.User.Identities.Count(i => i.IsAuthenticated) == 2
                && c.User.HasClaim("scopes", Activity)
                && c.User.HasClaim("permissions", Activity))));
    }

    private static void Configure(JwtBearerOptions o, string authority, string? fromHeader)
    {
        o.Authority = authority;
        o.Audience = Audience;
        o.RequireHttpsMetadata = false;
        o.MapInboundClaims = false;
        if (fromHeader is not null)
        {
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = c =>
                {
                    c.Token = c.Request.Headers[fromHeader];
                    return Task.CompletedTask;
                },
            };
        }
    }

    /// <summary>Metrics are part of the product: keep a listener on so instruments really record.</summary>
    private static MeterListener ListenToMetrics()
    {
        var listener = new MeterListener();
        long total = 0;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name.StartsWith("S2SAuth", StringComparison.Ordinal) || instrument.Meter.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, m, _, _) => Interlocked.Add(ref total, m));
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref total));
        listener.Start();
        return listener;
    }
}
