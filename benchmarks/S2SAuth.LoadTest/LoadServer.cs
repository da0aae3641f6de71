using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using S2SAuth.Testing;

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
        // them to /dev/null). Every S2SAuth mode writes one audit line per request through a production sink:
        //   s2sauth              the default: background writer, through ILogger (here the JSON console logger);
        //   s2sauth-jsonconsole  background writer, S2SAuth's own JSON-lines sink on stdout;
        //   s2sauth-jsonfile     background writer, S2SAuth's own JSON-lines sink to a file;
        //   s2sauth-sync         the synchronous sink (wave 1's behaviour: formatted and written on the request thread).
        builder.Logging.ClearProviders().AddJsonConsole().SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);

        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        switch (mode)
        {
            case "noauth":
                break;
            case "jwtbearer":
                AddStockJwtBearer(builder.Services, issuer.Authority);
                break;
            case "s2sauth" or "s2sauth-jsonconsole" or "s2sauth-jsonfile" or "s2sauth-sync":
                builder.Services.AddServiceAuth(o =>
                {
                    o.Authority = issuer.Authority;
                    o.Audience = Audience;
                    o.RequireHttpsMetadata = false;
                    ConfigureAudit(o.Audit, mode, port);
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
        else if (mode.StartsWith("s2sauth", StringComparison.Ordinal))
        {
            app.UseServiceAuth();
            work.RequireActivity(Activity);
        }

        await app.RunAsync();
        return 0;
    }

    /// <summary>Where the audit file of the <c>s2sauth-jsonfile</c> mode is written (the runner deletes it).</summary>
    public static string AuditFile(int port) => Path.Combine(Path.GetTempPath(), $"s2sauth-loadtest-{port}.jsonl");

    private static void ConfigureAudit(AuditOptions audit, string mode, int port)
    {
        switch (mode)
        {
            case "s2sauth-jsonconsole":
                audit.Sink = AuditSinkKind.JsonConsole;
                break;
            case "s2sauth-jsonfile":
                File.Delete(AuditFile(port));
                audit.Sink = AuditSinkKind.JsonFile;
                audit.FilePath = AuditFile(port);
                break;
            case "s2sauth-sync":
                audit.Mode = AuditMode.Synchronous;
                break;
        }
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
