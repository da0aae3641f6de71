using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>The full stack over TCP: an API on Kestrel (127.0.0.1, ephemeral port) verifying the loopback issuer's tokens.</summary>
public sealed class KestrelSocketTests : IAsyncLifetime
{
    private TestIssuer _issuer = null!;
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _issuer.AddClient("orders-service", "orders-secret-for-tests", "pricing.resolve");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = _issuer.Authority;
            o.Audience = TestApi.Audience;
            o.RequireHttpsMetadata = false;
        });
        _app = builder.Build();
        _app.UseServiceAuth();
        _app.MapGet("/whoami", (ServiceAuthContext auth) => new { service = auth.Service?.ServiceId, user = auth.User?.UserId, tenant = auth.Tenant.TenantId });
        _app.MapGet("/health", () => "ok").AllowAnonymous();
        await _app.StartAsync();
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Token_from_the_issuers_token_endpoint_and_a_user_token_verify_over_real_sockets()
    {
        using var http = new HttpClient { BaseAddress = _base, Timeout = TimeSpan.FromSeconds(30) };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "orders-service", ["client_secret"] = "orders-secret-for-tests", ["audience"] = TestApi.Audience,
        });
        var issued = await (await http.PostAsync(_issuer.TokenEndpoint, form)).Content.ReadFromJsonAsync<JsonElement>();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("X-Service-Token", issued.GetProperty("access_token").GetString());
        request.Headers.Authorization = new("Bearer", _issuer.UserToken("user_123", TestApi.Audience, "tenant_789").Build());

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("orders-service", body.GetProperty("service").GetString());
        Assert.Equal("user_123", body.GetProperty("user").GetString());
        Assert.Equal("tenant_789", body.GetProperty("tenant").GetString());
        Assert.Equal(1, _issuer.JwksRequestCount);
    }

    [Fact]
    public async Task Forged_token_is_refused_over_real_sockets_with_problem_details()
    {
        using var http = new HttpClient { BaseAddress = _base, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("X-Service-Token", _issuer.ServiceToken("orders-service", TestApi.Audience).Header("alg", "none").Build());
        request.Headers.Authorization = new("Bearer", _issuer.UserToken("user_123", TestApi.Audience, "tenant_789").Build());

        var response = await http.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Two_raw_X_Service_Token_header_lines_are_rejected_with_multiple_tokens()
    {
        var service = _issuer.ServiceToken("orders-service", TestApi.Audience).Build();
        var user = _issuer.UserToken("user_123", TestApi.Audience, "tenant_789").Build();

        var response = await RawGetAsync($"X-Service-Token: {service}\r\nX-Service-Token: {service}\r\nAuthorization: Bearer {user}\r\n");

        Assert.StartsWith("HTTP/1.1 401", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"multiple_tokens\"", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_raw_Authorization_header_lines_are_rejected_with_multiple_tokens()
    {
        var service = _issuer.ServiceToken("orders-service", TestApi.Audience).Build();
        var user = _issuer.UserToken("user_123", TestApi.Audience, "tenant_789").Build();

        var response = await RawGetAsync($"X-Service-Token: {service}\r\nAuthorization: Bearer {user}\r\nAuthorization: Bearer {user}\r\n");

        Assert.StartsWith("HTTP/1.1 401", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"multiple_tokens\"", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_raw_X_Service_Token_header_is_rejected_with_token_malformed()
    {
        var user = _issuer.UserToken("user_123", TestApi.Audience, "tenant_789").Build();

        var response = await RawGetAsync($"X-Service-Token: \r\nAuthorization: Bearer {user}\r\n");

        Assert.StartsWith("HTTP/1.1 401", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"token_malformed\"", response, StringComparison.Ordinal);
    }

    private async Task<string> RawGetAsync(string headers)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_base.Host, _base.Port, timeout.Token);
        await using var stream = tcp.GetStream();
        var request = $"GET /whoami HTTP/1.1\r\nHost: {_base.Authority}\r\nConnection: close\r\n{headers}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
