using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Audit.Pipeline;

/// <summary>
/// A <see cref="TestApi"/> with <c>GET /act</c> behind <c>RequireActivity("order.confirm")</c> and the audit pipeline in
/// <see cref="AuditMode.Background"/> (test hosts default to synchronous), each request with its own correlation id.
/// </summary>
public sealed class AuditHost : IAsyncDisposable
{
    public const string Activity = "order.confirm";

    private readonly string _serviceToken;
    private readonly string _userToken;

    private AuditHost(TestApi api)
    {
        Api = api;
        _serviceToken = api.ServiceToken().Build();
        _userToken = api.UserToken().Build();
    }

    public TestApi Api { get; }

    public IReadOnlyList<string> Tokens => [_serviceToken, _userToken];

    public static async Task<AuditHost> StartAsync(TestIssuer issuer, Action<AuditOptions>? audit = null, Action<IServiceCollection>? services = null)
    {
        var api = await TestApi.StartAsync(issuer, o =>
        {
            o.Audit.Mode = AuditMode.Background;
            o.Audit.FlushInterval = TimeSpan.Zero;
            audit?.Invoke(o.Audit);
        }, services, app => app.MapGet("/act", () => "ok").RequireActivity(Activity));
        return new AuditHost(api);
    }

    /// <summary>GET /act with valid tokens and correlation id <paramref name="correlationId"/>; asserts 200.</summary>
    public async Task ActAsync(string correlationId)
    {
        using var response = await Api.GetAsync("/act", _serviceToken, _userToken, r => r.Headers.Add("X-Correlation-Id", correlationId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
