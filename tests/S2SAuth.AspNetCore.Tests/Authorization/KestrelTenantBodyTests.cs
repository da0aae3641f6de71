using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Authorization;

/// <summary>
/// A body tenant over a real socket (Kestrel on 127.0.0.1): a chunked POST (no Content-Length) is read for its tenant,
/// as the endpoint behind it reads it; without Content-Type it is not taken for an empty body.
/// </summary>
public sealed class KestrelTenantBodyTests : IAsyncLifetime
{
    private const string Activity = "order.confirm";
    private readonly AuditCapture _audit = new();
    private TestIssuer _issuer = null!;
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = _issuer.Authority;
            o.Audience = TestApi.Audience;
            o.RequireHttpsMetadata = false;
        });
        builder.Services.AddSingleton<IAuditSink>(_audit);
        _app = builder.Build();
        _app.UseServiceAuth();
        _app.MapPost("/orders", static async (HttpContext http) =>
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body);
                return new { tenantId = body.RootElement.GetProperty("tenantId").GetString() };
            })
            .RequireActivity(Activity).WithTenantFrom(TenantParameterSource.Body, "tenantId");
        await _app.StartAsync();
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Chunked_post_without_content_type_naming_another_tenant_is_refused_with_tenant_unreadable_over_a_real_socket()
    {
        var response = await RawPostAsync("""{"tenantId":"tenant_b"}""", contentType: null);

        Assert.StartsWith("HTTP/1.1 403", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"tenant_unreadable\"", response, StringComparison.Ordinal);
        var audit = Assert.Single(_audit.Events);
        Assert.Equal(AuthErrorCodes.TenantUnreadable, audit.ReasonCode);
    }

    [Fact]
    public async Task Chunked_json_post_naming_another_tenant_is_refused_with_tenant_mismatch_over_a_real_socket()
    {
        var response = await RawPostAsync("""{"tenantId":"tenant_b"}""", contentType: "application/json");

        Assert.StartsWith("HTTP/1.1 403", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"tenant_mismatch\"", response, StringComparison.Ordinal);
        var audit = Assert.Single(_audit.Events);
        Assert.Equal("tenant_b", audit.RequestedTenantId);
    }

    [Fact]
    public async Task Chunked_json_post_naming_the_callers_tenant_reaches_the_endpoint_over_a_real_socket()
    {
        var response = await RawPostAsync("""{"tenantId":"tenant_a"}""", contentType: "application/json");

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("\"tenantId\":\"tenant_a\"", response, StringComparison.Ordinal);
    }

    /// <summary>POST /orders as raw HTTP/1.1: the body in two chunks, no Content-Length, Content-Type only when given.</summary>
    private async Task<string> RawPostAsync(string json, string? contentType)
    {
        var service = _issuer.ServiceToken("orders-service", TestApi.Audience, [Activity]).Build();
        var user = _issuer.UserToken("user_a", TestApi.Audience, "tenant_a", [Activity]).Build();
        var half = json.Length / 2;
        var chunks = new StringBuilder();
        foreach (var part in new[] { json[..half], json[half..] })
        {
            chunks.Append($"{Encoding.UTF8.GetByteCount(part):x}\r\n{part}\r\n");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_base.Host, _base.Port, timeout.Token);
        await using var stream = tcp.GetStream();
        var type = contentType is null ? string.Empty : $"Content-Type: {contentType}\r\n";
        var request = $"POST /orders HTTP/1.1\r\nHost: {_base.Authority}\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n{type}"
            + $"X-Service-Token: {service}\r\nAuthorization: Bearer {user}\r\n\r\n{chunks}0\r\n\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
