using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>
/// A tiny API protected by S2SAuth, on Kestrel at 127.0.0.1 with a free port, trusting the AuthService:
/// <c>GET /system</c> (service only) and <c>GET /gateway</c> (user) echo the verified identity.
/// </summary>
public sealed class ProtectedApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProtectedApi(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public static async Task<ProtectedApi> StartAsync(string authority, string audience, Action<ServiceAuthBuilder>? features = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var serviceAuth = builder.Services.AddServiceAuth(o =>
        {
            o.Authority = authority;
            o.Audience = audience;
            o.RequireHttpsMetadata = false;
        });
        features?.Invoke(serviceAuth);
        var app = builder.Build();
        app.UseServiceAuth();
        app.MapGet("/system", (ServiceIdentity caller, ServiceAuthContext auth) => new
        {
            service = caller.ServiceId,
            scopes = caller.Scopes.Order(StringComparer.Ordinal).ToArray(),
            tenant = caller.TenantId,
            tokenId = caller.TokenId,
            derivedTenant = auth.Tenant.TenantId,
        }).RequireIdentities(RequiredIdentities.ServiceOnly);
        app.MapGet("/gateway", (UserIdentity user, ServiceAuthContext auth) => new
        {
            user = user.UserId,
            tenant = user.TenantId,
            permissions = user.Permissions.Order(StringComparer.Ordinal).ToArray(),
            roles = user.Roles.Order(StringComparer.Ordinal).ToArray(),
            derivedTenant = auth.Tenant.TenantId,
        }).RequireIdentities(RequiredIdentities.User);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProtectedApi(app, new Uri(address));
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? serviceToken = null, string? userToken = null)
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

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
