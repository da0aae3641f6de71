using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace S2SAuth.AspNetCore.Tests.Rbac.Framework;

/// <summary>
/// A real remote RBAC service on a loopback port: <c>POST /permissions/check</c> answers <c>{"allowed": ...}</c> from
/// its grants, counts calls, and can go down (503), answer garbage, or answer slowly.
/// </summary>
public sealed class RbacServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string User, string? Tenant, string Activity), bool> _grants = new();
    private readonly ConcurrentQueue<CheckRequest> _requests = new();
    private int _calls;

    private RbacServer(WebApplication app) => _app = app;

    public Uri CheckUri { get; private set; } = null!;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyCollection<CheckRequest> Requests => _requests;

    public bool IsAvailable { get; set; } = true;

    public bool AnswersGarbage { get; set; }

    public TimeSpan ResponseDelay { get; set; }

    public static async Task<RbacServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new RbacServer(app);
        app.MapPost("/permissions/check", server.CheckAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.CheckUri = new Uri(address.TrimEnd('/') + "/permissions/check");
        return server;
    }

    public void Grant(string user, string? tenant, string activity) => _grants[(user, tenant, activity)] = true;

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> CheckAsync(CheckRequest request, CancellationToken aborted)
    {
        Interlocked.Increment(ref _calls);
        _requests.Enqueue(request);
        if (ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(ResponseDelay, aborted);
        }

        if (!IsAvailable)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return AnswersGarbage
            ? Results.Text("<html>maintenance</html>", "application/json")
            : Results.Json(new { allowed = _grants.ContainsKey((request.UserId, request.TenantId, request.Activity)) });
    }

    public sealed record CheckRequest(string UserId, string? TenantId, string Activity);
}
