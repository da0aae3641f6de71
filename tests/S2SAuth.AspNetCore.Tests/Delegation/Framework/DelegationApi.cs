using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Delegation.Framework;

/// <summary>
/// An API receiving delegated user tokens, configured from settings (as from appsettings), on a TestServer or on Kestrel
/// at 127.0.0.1, audit (unless the default sink is asked for) and logs captured. Endpoints, each answering a <see cref="DelegatedCaller"/>: <c>GET /actors</c>
/// (service and user), <c>GET /user-only</c> (a user, no service needed), <c>GET /quote</c> (activity <c>price.quote</c>,
/// whose actors are limited to orders-service and billing-worker) and <c>GET /read</c> (activity <c>price.read</c>, any actors).
/// </summary>
public sealed class DelegationApi : IAsyncDisposable
{
    public const string QuoteActivity = "price.quote";
    public const string ReadActivity = "price.read";
    public const string UserId = "user_123";

    private DelegationApi(WebApplication app, HttpClient client, TestIssuer issuer, LogCapture logs, AuditCapture audit)
    {
        App = app;
        Client = client;
        Issuer = issuer;
        Logs = logs;
        Audit = audit;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public TestIssuer Issuer { get; }

    public LogCapture Logs { get; }

    public AuditCapture Audit { get; }

    /// <summary>Starts the API; <paramref name="settings"/> are added to the defaults (issuer, audience, the actors of <c>price.quote</c>) and may override them.</summary>
    public static async Task<DelegationApi> StartAsync(TestIssuer issuer, IDictionary<string, string?>? settings = null, bool kestrel = false,
        Action<IServiceCollection>? services = null, bool captureAudit = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        if (kestrel)
        {
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        var logs = new LogCapture();
        var audit = new AuditCapture();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(Settings(issuer, settings));
        if (captureAudit)
        {
            builder.Services.AddSingleton<IAuditSink>(audit);
        }

        services?.Invoke(builder.Services);
        builder.Services.AddServiceAuth(builder.Configuration);
        var app = builder.Build();
        app.UseServiceAuth();
        app.MapGet("/actors", Caller);
        app.MapGet("/user-only", Caller).RequireIdentities(RequiredIdentities.User);
        app.MapGet("/quote", Caller).RequireActivity(QuoteActivity);
        app.MapGet("/read", Caller).RequireActivity(ReadActivity);
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

        return new DelegationApi(app, client, issuer, logs, audit);
    }

    /// <summary>The whole configuration: the defaults, then <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Settings(TestIssuer issuer, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ServiceAuth:Authority"] = issuer.Authority,
            ["ServiceAuth:Audience"] = TestApi.Audience,
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
            [$"ServiceAuth:Authorization:ActivityActors:{QuoteActivity}:0"] = "orders-service",
            [$"ServiceAuth:Authorization:ActivityActors:{QuoteActivity}:1"] = "billing-worker",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A service token of <paramref name="serviceId"/> allowed both activities.</summary>
    public string ServiceToken(string serviceId = "orders-service") =>
        Issuer.ServiceToken(serviceId, TestApi.Audience, [QuoteActivity, ReadActivity]).Build();

    /// <summary>A user token holding both activities, with <paramref name="act"/> as its <c>act</c> claim (none when <see langword="null"/>).</summary>
    public string UserToken(object? act = null) => UserTokenBuilder(act).Build();

    /// <summary>The builder of <see cref="UserToken"/>, for further changes.</summary>
    public TokenBuilder UserTokenBuilder(object? act = null)
    {
        var builder = Issuer.UserToken(UserId, TestApi.Audience, "tenant_789", [QuoteActivity, ReadActivity]);
        return act is null ? builder : builder.Claim("act", act);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? serviceToken = null, string? userToken = null, string? apiKey = null, string? correlationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (serviceToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Service-Token", serviceToken);
        }

        if (userToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + userToken);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        }

        if (correlationId is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Correlation-Id", correlationId);
        }

        var response = await Client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Logs.Dispose();
    }

    private static DelegatedCaller Caller(ServiceAuthContext auth) =>
        new(auth.Service?.ServiceId, auth.Service?.Credential.ToString(), auth.User?.UserId, auth.User?.Actors.ToArray());
}

/// <summary>What the endpoints of <see cref="DelegationApi"/> answer: the caller, the user, and the user token's actors (most recent first).</summary>
public sealed record DelegatedCaller(string? Service, string? Credential, string? User, string[]? Actors);
