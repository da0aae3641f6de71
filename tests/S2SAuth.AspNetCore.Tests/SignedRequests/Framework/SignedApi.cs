using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.Replay;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.SignedRequests.Framework;

/// <summary>
/// An API that accepts signed requests from the keys of <see cref="SignedKeys"/>, on a fake clock, in memory (TestServer)
/// or on Kestrel on 127.0.0.1. Endpoints: <c>/signed</c> (signed requests only, <c>price.read</c>, echoes the body it
/// reads), <c>/signed/open</c> (signed requests only, no activity), <c>/foo</c> (as <c>/signed/open</c>, the RFC 9421 examples' path), <c>/token</c> (the default credential policy).
/// </summary>
internal sealed class SignedApi : IAsyncDisposable
{
    public const string Audience = "urn:pricing-service";
    public const string Activity = "price.read";

    private readonly WebApplication _app;

    private SignedApi(WebApplication app, FakeTimeProvider time, LogCapture logs, AuditCapture audit, HttpClient client)
    {
        _app = app;
        Time = time;
        Logs = logs;
        Audit = audit;
        Client = client;
    }

    public FakeTimeProvider Time { get; }

    public LogCapture Logs { get; }

    public AuditCapture Audit { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the API with the keys of <see cref="SignedKeys.Settings"/> and <paramref name="settings"/> on top;
    /// <paramref name="replay"/> replaces the replay store (e.g. one shared by two instances).
    /// </summary>
    public static async Task<SignedApi> StartAsync(TestIssuer issuer, IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null,
        bool kestrel = false, IReplayStore? replay = null, bool withDefaultKeys = true, string? pathBase = null)
    {
        time ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new LogCapture();
        var audit = new AuditCapture();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        if (kestrel)
        {
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Configuration.Sources.Clear();
        var configuration = new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = issuer.Authority,
            ["ServiceAuth:Audience"] = Audience,
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
            ["ServiceAuth:DefaultRequiredIdentities"] = "ServiceOnly",
        };
        foreach (var (key, value) in withDefaultKeys ? SignedKeys.Settings : [])
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddServiceAuth(builder.Configuration);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IAuditSink>(audit);
        if (replay is not null)
        {
            builder.Services.AddSingleton(replay);
        }

        var app = builder.Build();
        if (pathBase is not null)
        {
            app.UsePathBase(pathBase);
        }

        app.UseServiceAuth();
        app.MapMethods("/signed", ["GET", "POST", "PUT", "DELETE"], async (HttpContext http, ServiceAuthContext auth) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            return new SignedCaller(auth.Service!.ServiceId, auth.Service.Credential.ToString(), auth.Service.Scopes.Order().ToArray(), auth.Service.TenantId, auth.Tenant.TenantId, body);
        }).RequireActivity(Activity).RequireServiceCredential(ServiceCredentialPolicy.SignedRequest);
        app.MapMethods("/signed/open", ["GET", "POST"], (ServiceAuthContext auth) =>
            new SignedCaller(auth.Service!.ServiceId, auth.Service.Credential.ToString(), auth.Service.Scopes.Order().ToArray(), auth.Service.TenantId, auth.Tenant.TenantId, null))
            .RequireServiceCredential(ServiceCredentialPolicy.SignedRequest);
        app.MapMethods("/foo", ["GET", "POST"], (ServiceAuthContext auth) =>
            new SignedCaller(auth.Service!.ServiceId, auth.Service.Credential.ToString(), auth.Service.Scopes.Order().ToArray(), auth.Service.TenantId, auth.Tenant.TenantId, null))
            .RequireServiceCredential(ServiceCredentialPolicy.SignedRequest);
        app.MapMethods("/token", ["GET", "POST"], (ServiceIdentity caller) => caller.ServiceId).RequireActivity(Activity);
        await app.StartAsync();
        HttpClient client;
        if (kestrel)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            client = new HttpClient { BaseAddress = new Uri(address) };
        }
        else
        {
            client = app.GetTestClient();
        }

        return new SignedApi(app, time, logs, audit, client);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => Client.SendAsync(request);

    /// <summary>An absolute URI on this API (the signer needs the authority the server will see).</summary>
    public Uri Uri(string pathAndQuery) => new(Client.BaseAddress!, pathAndQuery);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Logs.Dispose();
    }
}

/// <summary>What <c>/signed</c> answers: the caller as S2SAuth proved it, and the body the endpoint read.</summary>
public sealed record SignedCaller(string Service, string Credential, string[] Scopes, string? KeyTenant, string? Tenant, string? Body);
