using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Revocation;
using S2SAuth.Testing;

namespace S2SAuth.Redis.Tests.Framework;

/// <summary>
/// One instance of a service protected by S2SAuth with revocation on Redis, on real Kestrel at 127.0.0.1:PORT.
/// <c>GET /system</c> needs a service token; <c>GET /healthz</c> is the health endpoint (anonymous).
/// </summary>
internal sealed class ServiceInstance : IAsyncDisposable
{
    public const string Audience = "pricing-service";

    private ServiceInstance(WebApplication app, LogCapture logs, Uri baseUri)
    {
        App = app;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseUri };
    }

    public WebApplication App { get; }

    public LogCapture Logs { get; }

    public HttpClient Client { get; }

    public IRevocationService Revocations => App.Services.GetRequiredService<IRevocationService>();

    internal RevocationState State => App.Services.GetRequiredService<RevocationState>();

    public static async Task<ServiceInstance> StartAsync(TestIssuer issuer, string redis, Action<RevocationOptions>? revocation = null,
        Action<RedisRevocationOptions>? configure = null, TimeProvider? time = null, IRevocationObserver? observer = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var logs = new LogCapture();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        if (observer is not null)
        {
            builder.Services.AddSingleton(observer);
        }

        builder.Services.AddServiceAuth(o =>
            {
                o.Authority = issuer.Authority;
                o.Audience = Audience;
                o.RequireHttpsMetadata = false;
            })
            .AddRevocation(o =>
            {
                o.MaxStaleness = TimeSpan.FromSeconds(5);
                revocation?.Invoke(o);
            })
            .AddRedisRevocation(o =>
            {
                o.Configuration = redis;
                o.PollInterval = TimeSpan.FromMilliseconds(200);
                o.StartupTimeout = TimeSpan.FromSeconds(5);
                configure?.Invoke(o);
            });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseServiceAuth();
        app.MapGet("/system", (ServiceIdentity caller) => caller.ServiceId).RequireIdentities(RequiredIdentities.ServiceOnly);
        app.MapHealthChecks("/healthz").AllowAnonymous();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceInstance(app, logs, new Uri(address));
    }

    /// <summary>GET /system with <paramref name="serviceToken"/> as <c>X-Service-Token</c>.</summary>
    public Task<HttpResponseMessage> CallAsync(string serviceToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/system");
        request.Headers.TryAddWithoutValidation("X-Service-Token", serviceToken);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Logs.Dispose();
    }
}
