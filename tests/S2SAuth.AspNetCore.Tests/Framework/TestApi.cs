using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Framework;

/// <summary>
/// An in-memory API protected by S2SAuth against a real <see cref="TestIssuer"/> on loopback.
/// Endpoints: <c>GET /whoami</c> (default identities), <c>GET /system</c> (service only),
/// <c>GET /gateway</c> (user), <c>GET /health</c> (public).
/// </summary>
public sealed class TestApi : IAsyncDisposable
{
    public const string Audience = "pricing-service";

    private TestApi(WebApplication app, TestIssuer issuer, LogCapture logs)
    {
        App = app;
        Issuer = issuer;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public TestIssuer Issuer { get; }

    public HttpClient Client { get; }

    public LogCapture Logs { get; }

    public static async Task<TestApi> StartAsync(TestIssuer issuer, Action<ServiceAuthOptions>? configure = null, Action<IServiceCollection>? services = null, Action<WebApplication>? endpoints = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var logs = new LogCapture();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = issuer.Authority;
            o.Audience = Audience;
            o.RequireHttpsMetadata = false;
            o.KeyRefreshMinInterval = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseServiceAuth();
        app.MapGet("/whoami", (ServiceAuthContext auth) => new
        {
            service = auth.Service?.ServiceId,
            user = auth.User?.UserId,
            tenant = auth.Tenant.TenantId,
            scopes = auth.Service?.Scopes.Order().ToArray(),
            correlationId = auth.Correlation.CorrelationId,
        });
        app.MapGet("/system", (ServiceIdentity caller) => caller.ServiceId).RequireIdentities(RequiredIdentities.ServiceOnly);
        app.MapGet("/gateway", (UserIdentity user, HttpContext http) => new { user = user.UserId, name = http.User.Identity?.Name })
            .RequireIdentities(RequiredIdentities.User);
        app.MapGet("/health", () => "ok").AllowAnonymous();
        endpoints?.Invoke(app);
        await app.StartAsync();
        return new TestApi(app, issuer, logs);
    }

    /// <summary>A valid service token for this API.</summary>
    public TokenBuilder ServiceToken(string serviceId = "orders-service", params string[] scopes) =>
        Issuer.ServiceToken(serviceId, Audience, scopes.Length == 0 ? ["order.confirm"] : scopes);

    /// <summary>A valid user token for this API.</summary>
    public TokenBuilder UserToken(string userId = "user_123", string? tenantId = "tenant_789") =>
        Issuer.UserToken(userId, Audience, tenantId, ["order.confirm"]);

    public Task<HttpResponseMessage> GetAsync(string path, string? serviceToken = null, string? userToken = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (serviceToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Service-Token", serviceToken);
        }

        if (userToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + userToken);
        }

        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
