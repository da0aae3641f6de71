using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace S2SAuth.AspNetCore.Tests.Framework;

/// <summary>
/// A real Kestrel server on a loopback port that records the method and path of every request and answers with
/// <see cref="Respond"/> (default: 200 "ok"). Stands in for an issuer's front, a redirect target, or any other host.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>, without a trailing slash.</summary>
    public Uri BaseUri { get; }

    public string Authority => BaseUri.Authority;

    /// <summary>"METHOD /path" of every request received.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Func<HttpContext, Task>? Respond { get; set; }

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackServer? self = null;
        app.Run(http =>
        {
            self!.Requests.Enqueue(http.Request.Method + " " + http.Request.Path);
            return self.Respond is { } respond ? respond(http) : http.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new LoopbackServer(app, new Uri(address.TrimEnd('/')));
        return self;
    }

    /// <summary>Answers every request with <paramref name="status"/> and <c>Location: target</c>.</summary>
    public static Func<HttpContext, Task> RedirectTo(Uri target, int status = StatusCodes.Status302Found) => http =>
    {
        http.Response.StatusCode = status;
        http.Response.Headers.Location = target.ToString();
        return Task.CompletedTask;
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
