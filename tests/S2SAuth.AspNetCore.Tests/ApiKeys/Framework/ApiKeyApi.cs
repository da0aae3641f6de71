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
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ApiKeys.Framework;

/// <summary>
/// An API that accepts API keys, on a TestServer (or Kestrel on 127.0.0.1), with a fake clock, a configuration the test
/// can change (as a settings file reload would), an audit capture and a log capture. Endpoints:
/// <c>GET /partner</c> (API key only, activity <c>price.read</c>), <c>GET /partner/write</c> (API key only,
/// <c>price.write</c>), <c>GET /either</c> (token or API key, <c>price.read</c>, user optional), <c>GET /token-only</c>
/// (the default policy, <c>price.read</c>). Each answers the caller as JSON.
/// </summary>
public sealed class ApiKeyApi : IAsyncDisposable
{
    public const string Activity = "price.read";

    private ApiKeyApi(WebApplication app, HttpClient client, MutableConfiguration configuration, FakeTimeProvider time, LogCapture logs, AuditCapture audit, TestIssuer issuer)
    {
        App = app;
        Client = client;
        Configuration = configuration;
        Time = time;
        Logs = logs;
        Audit = audit;
        Issuer = issuer;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public MutableConfiguration Configuration { get; }

    public FakeTimeProvider Time { get; }

    public LogCapture Logs { get; }

    public AuditCapture Audit { get; }

    public TestIssuer Issuer { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<ApiKeyApi> StartAsync(TestIssuer issuer, IEnumerable<ApiKeyClient> clients, Action<IServiceCollection>? services = null,
        bool kestrel = false, FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        time ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
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
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        var configuration = new MutableConfiguration(Settings(issuer, clients, settings));
        ((IConfigurationBuilder)builder.Configuration).Add(configuration);
        var audit = new AuditCapture();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IAuditSink>(audit);
        services?.Invoke(builder.Services);
        builder.Services.AddServiceAuth(builder.Configuration);
        var app = builder.Build();
        app.UseServiceAuth();
        app.MapGet("/partner", Caller).RequireServiceCredential(ServiceCredentialPolicy.ApiKey).RequireActivity(Activity, RequiredIdentities.ServiceOnly);
        app.MapGet("/partner/write", Caller).RequireServiceCredential(ServiceCredentialPolicy.ApiKey).RequireActivity("price.write", RequiredIdentities.ServiceOnly);
        app.MapGet("/either", Caller).RequireServiceCredential(ServiceCredentialPolicy.Token | ServiceCredentialPolicy.ApiKey)
            .RequireActivity(Activity, RequiredIdentities.ServiceWithOptionalUser);
        app.MapGet("/token-only", Caller).RequireActivity(Activity, RequiredIdentities.ServiceOnly);
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

        return new ApiKeyApi(app, client, configuration, time, logs, audit, issuer);
    }

    /// <summary>The whole configuration for <paramref name="clients"/> (plus <paramref name="extra"/>).</summary>
    public static Dictionary<string, string?> Settings(TestIssuer issuer, IEnumerable<ApiKeyClient> clients, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ServiceAuth:Authority"] = issuer.Authority,
            ["ServiceAuth:Audience"] = TestApi.Audience,
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in clients.SelectMany(static c => c.Settings()))
        {
            settings[key] = value;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Replaces the API-key clients in configuration and signals a reload.</summary>
    public void Reconfigure(IEnumerable<ApiKeyClient> clients) => Configuration.Replace(Settings(Issuer, clients));

    public Task<HttpResponseMessage> GetAsync(string path, string? apiKey = null, string? serviceToken = null, string? userToken = null, string? correlationId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        }

        if (serviceToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Service-Token", serviceToken);
        }

        if (userToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + userToken);
        }

        if (correlationId is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Correlation-Id", correlationId);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    private static IResult Caller(ServiceAuthContext auth) => Results.Json(new CallerView(
        auth.Service?.ServiceId, auth.Service?.Credential.ToString(), auth.Service?.Scopes.Order().ToArray(), auth.Service?.TokenId,
        auth.Tenant.TenantId, auth.Tenant.Source.ToString(), auth.User?.UserId));
}

/// <summary>What the test endpoints answer.</summary>
public sealed record CallerView(string? Service, string? Credential, string[]? Scopes, string? TokenId, string? Tenant, string? TenantSource, string? User);
