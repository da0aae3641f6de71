using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Testing;

namespace S2SAuth.Redis.Tests.Idempotency;

/// <summary>What the instances of one service share in a test: the count of runs per endpoint, the gate of the slow one.</summary>
public sealed class SharedWork
{
    public ConcurrentDictionary<string, int> Runs { get; } = new();

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many responses still to lose after the endpoint ran (the connection is cut before the answer leaves).</summary>
    public int LoseResponses;

    public int RunsOf(string name) => Runs.GetValueOrDefault(name);

    public int Count(string name) => Runs.AddOrUpdate(name, 1, (_, n) => n + 1);
}

/// <summary>
/// One instance of an "orders" service on a real Kestrel loopback port, with S2SAuth and <c>AddRedisIdempotency()</c>.
/// Endpoints (<c>.RequireIdempotency()</c>, any verified service): <c>POST /orders/{id}</c> (201 + Location + a body
/// naming the run), <c>POST /slow</c> (waits for the shared gate), <c>POST /flaky</c> (503 on its first run).
/// </summary>
public sealed class IdempotentInstance : IAsyncDisposable
{
    public const string Audience = "orders-service";

    private IdempotentInstance(WebApplication app, Uri baseUri, LogCapture logs)
    {
        App = app;
        BaseUri = baseUri;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseUri };
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public LogCapture Logs { get; }

    public HttpClient Client { get; }

    public static async Task<IdempotentInstance> StartAsync(TestIssuer issuer, string redis, SharedWork work, Action<IdempotencyOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var logs = new LogCapture();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.AddServiceAuth(o =>
            {
                o.Authority = issuer.Authority;
                o.Audience = Audience;
                o.RequireHttpsMetadata = false;
            })
            .AddIdempotency(o =>
            {
                o.StoreTimeout = TimeSpan.FromSeconds(1);
                configure?.Invoke(o);
            })
            .AddRedisIdempotency(r => r.Configuration = redis);
        var app = builder.Build();
        app.UseServiceAuth();
        app.Use(async (http, next) =>
        {
            // A lost answer: the endpoint runs (and its response is stored), then the connection drops before it leaves.
            if (Volatile.Read(ref work.LoseResponses) > 0 && http.Request.Path.StartsWithSegments("/orders"))
            {
                var wire = http.Response.Body;
                http.Response.Body = new MemoryStream();
                await next(http);
                http.Response.Body = wire;
                Interlocked.Decrement(ref work.LoseResponses);
                http.Abort();
                return;
            }

            await next(http);
        });
        var any = RequiredIdentities.ServiceWithOptionalUser;
        app.MapPost("/orders/{id}", async (string id, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var run = work.Count("orders/" + id);
            return Results.Created($"/orders/{id}", new { id, run, received = body.Length });
        }).RequireIdentities(any).RequireIdempotency();
        app.MapPost("/slow", async () =>
        {
            var run = work.Count("slow");
            work.SlowStarted.TrySetResult();
            await work.Gate.Task;
            return Results.Ok(new { run });
        }).RequireIdentities(any).RequireIdempotency();
        app.MapPost("/flaky", () => work.Count("flaky") == 1 ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Ok("done"))
            .RequireIdentities(any).RequireIdempotency();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IdempotentInstance(app, new Uri(address), logs);
    }

    public async Task<HttpResponseMessage> PostAsync(string path, string key, string serviceToken, string body = "{\"qty\":1}")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Service-Token", serviceToken);
        request.Headers.Add("Idempotency-Key", key);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
