using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace S2SAuth.Client.Tests.Framework;

/// <summary>
/// A real Kestrel server on a loopback port that records every request it receives (method, path, headers, body)
/// and answers 200 "ok" unless <see cref="Respond"/> says otherwise.
/// </summary>
public sealed class Downstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private Downstream(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary><c>host:port</c> of this server.</summary>
    public string Authority => BaseUri.Authority;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Writes the answer to a recorded request; <see langword="null"/> answers 200 "ok".</summary>
    public Func<RecordedRequest, HttpContext, Task>? Respond { get; set; }

    public RecordedRequest Single() => Assert.Single(Requests);

    /// <summary>Starts on <paramref name="port"/> (0: any free port).</summary>
    public static async Task<Downstream> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        Downstream? self = null;
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var recorded = new RecordedRequest(Interlocked.Increment(ref self!._count), http.Request.Method,
                http.Request.Path + http.Request.QueryString, headers, body);
            self.Requests.Enqueue(recorded);
            if (self.Respond is { } respond)
            {
                await respond(recorded, http);
            }
            else
            {
                await http.Response.WriteAsync("ok", http.RequestAborted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new Downstream(app, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One request as the downstream received it.</summary>
public sealed record RecordedRequest(int Number, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"#{Number} {Method} {PathAndQuery}";
}
