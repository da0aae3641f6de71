using System.Net;
using System.Net.Http.Headers;
using AuthService.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.EndToEnd.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.Introspection;

/// <summary>
/// Central verification against the real sample AuthService (OpenIddict): a service with a live-checked endpoint
/// introspects, over loopback sockets, the tokens the AuthService issued; revoking one there (RFC 7009) stops it at
/// that endpoint at once, while local verification alone still accepts it. OpenIddict answers <c>active</c> only to
/// a client named in the token's audience, hence the introspection-only <c>pricing-service</c> and <c>billing-service</c>
/// accounts (the second in the demo settings).
/// </summary>
public sealed class AuthServiceIntrospectionTests : IAsyncLifetime
{
    private const string PricingSecret = "e2e-pricing-introspection-secret-61c2";
    private readonly LogCapture _apiLogs = new();
    private AuthServiceInstance _issuer = null!;
    private HttpClient _issuerHttp = null!;

    public async Task InitializeAsync()
    {
        var settings = TestAccounts.Settings();
        settings["ServiceAccounts:4:Id"] = TestAccounts.PricingAudience; // introspection only: no scope, so no token
        settings["ServiceAccounts:4:Secret"] = PricingSecret;
        _issuer = await AuthServiceHost.StartAsync(new AuthServiceStartOptions
        {
            Settings = settings,
            Configure = builder => builder.Logging.ClearProviders(),
        });
        _issuerHttp = new HttpClient { BaseAddress = _issuer.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _issuerHttp.Dispose();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Token_of_the_AuthService_passes_the_live_check_and_once_revoked_there_is_refused_401_token_inactive()
    {
        await using var api = await StartApiAsync(TestAccounts.PricingAudience, PricingSecret);
        var token = await WorkerTokenAsync();

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/live", token)).StatusCode);
        using (var revoke = await PostAsync("connect/revoke", TestAccounts.Worker, TestAccounts.WorkerSecret, token))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var refused = await api.GetAsync("/live", token);

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/system", token)).StatusCode); // local verification alone cannot know
        var logs = _apiLogs.AllText();
        Assert.DoesNotContain(PricingSecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_whose_client_id_is_not_in_the_token_audience_gets_inactive_answers_from_OpenIddict()
    {
        await using var api = await StartApiAsync(TestAccounts.Orders, TestAccounts.OrdersSecret);

        var refused = await api.GetAsync("/live", await WorkerTokenAsync());

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInactive);
    }

    [Fact]
    public async Task Demo_settings_let_Billing_introspect_as_its_audience_billing_service()
    {
        await using var demo = await AuthServiceHost.StartAsync(new AuthServiceStartOptions
        {
            UseDemoSettings = true,
            Configure = builder => builder.Logging.ClearProviders(),
        });
        using var demoHttp = new HttpClient { BaseAddress = demo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await using var billing = await StartApiAsync("billing-service", "demo-only-billing-introspection-secret-d24b", demo, "billing-service");
        using var tokenResponse = await PostAsync(demoHttp, "connect/token", "billing-worker", "demo-only-billing-worker-secret-41d7", null, "billing.reconcile");
        using var json = System.Text.Json.JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("access_token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await billing.GetAsync("/live", token)).StatusCode);
    }

    private async Task<string> WorkerTokenAsync()
    {
        using var response = await PostAsync("connect/token", TestAccounts.Worker, TestAccounts.WorkerSecret, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string clientId, string secret, string? token) =>
        PostAsync(_issuerHttp, path, clientId, secret, token, "pricing.resolve");

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string clientId, string secret, string? token, string scope)
    {
        var form = token is null
            ? new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }
            : new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "access_token" };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        return http.SendAsync(request);
    }

    /// <summary>A pricing API on Kestrel (127.0.0.1, free port) with a live-checked endpoint, introspecting as <paramref name="clientId"/>.</summary>
    private Task<LiveApi> StartApiAsync(string clientId, string secret) => StartApiAsync(clientId, secret, _issuer, TestAccounts.PricingAudience);

    private async Task<LiveApi> StartApiAsync(string clientId, string secret, AuthServiceInstance issuer, string audience)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(_apiLogs);
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = issuer.BaseAddress.AbsoluteUri.TrimEnd('/');
            o.Audience = audience;
            o.RequireHttpsMetadata = false;
            o.ClientId = clientId;
            o.ClientSecret = secret;
        }).AddIntrospection(o => o.CacheDuration = TimeSpan.Zero); // every request asks: the revocation shows at once
        var app = builder.Build();
        app.UseServiceAuth();
        app.MapGet("/live", (ServiceIdentity caller) => caller.ServiceId).RequireIdentities(RequiredIdentities.ServiceOnly).RequireLiveCheck();
        app.MapGet("/system", (ServiceIdentity caller) => caller.ServiceId).RequireIdentities(RequiredIdentities.ServiceOnly);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LiveApi(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    private sealed class LiveApi(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public async Task<HttpResponseMessage> GetAsync(string path, string serviceToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("X-Service-Token", serviceToken);
            return await client.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.DisposeAsync();
        }
    }
}
