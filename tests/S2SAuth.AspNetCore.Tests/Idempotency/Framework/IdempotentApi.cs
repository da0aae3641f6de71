using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Idempotency.Framework;

/// <summary>
/// An in-memory API (<see cref="TestApi"/>) whose endpoints are marked <c>.RequireIdempotency()</c> and count their runs:
/// <c>POST /orders/{id}</c> (201 + Location + a body naming the run), <c>POST /slow</c> (waits for <see cref="Gate"/>),
/// <c>POST /flaky/{mode}</c> (first run fails: <c>throw</c>, <c>503</c>, <c>400</c>), <c>POST /big</c> (a body of
/// <see cref="BigBodyBytes"/>), <c>GET /orders/{id}</c>, and the public <c>POST /public</c>.
/// </summary>
public sealed class IdempotentApi : IAsyncDisposable
{
    public const int BigBodyBytes = 8 * 1024;
    public const string Secret = "s3cr3t-body-value";

    private IdempotentApi(TestApi api, RunLog runs)
    {
        Api = api;
        Runs = runs;
    }

    public TestApi Api { get; }

    public RunLog Runs { get; }

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IServiceProvider Services => Api.App.Services;

    public static async Task<IdempotentApi> StartAsync(TestIssuer issuer, Action<IdempotencyOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        IdempotentApi? self = null;
        var runs = new RunLog();
        var api = await TestApi.StartAsync(
            issuer,
            services: s =>
            {
                s.AddServiceAuth(_ => { }).AddIdempotency(o =>
                {
                    o.MaxResponseBytes = 4 * 1024;
                    configure?.Invoke(o);
                });
                s.AddSingleton(runs);
                s.AddControllers().AddApplicationPart(typeof(IdempotentController).Assembly);
                services?.Invoke(s);
            },
            endpoints: app =>
            {
                var any = RequiredIdentities.ServiceWithOptionalUser;
                app.MapPost("/orders/{id}", async (string id, HttpRequest request) =>
                {
                    using var reader = new StreamReader(request.Body);
                    var body = await reader.ReadToEndAsync();
                    var run = self!.Count("orders/" + id);
                    return Results.Created($"/orders/{id}", new { id, run, received = body.Length });
                }).RequireIdentities(any).RequireIdempotency();
                app.MapGet("/orders/{id}", (string id) => new { id, run = self!.Count("get/" + id) }).RequireIdentities(any).RequireIdempotency();
                app.MapPost("/slow", async () =>
                {
                    var run = self!.Count("slow");
                    self.SlowStarted.TrySetResult();
                    await self.Gate.Task;
                    return Results.Ok(new { run });
                }).RequireIdentities(any).RequireIdempotency();
                app.MapPost("/flaky/{mode}", (string mode) =>
                {
                    var run = self!.Count("flaky/" + mode);
                    return (run, mode) switch
                    {
                        (1, "throw") => throw new InvalidOperationException("the endpoint failed"),
                        (1, "503") => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
                        (1, "429") => Results.StatusCode(StatusCodes.Status429TooManyRequests),
                        (1, "400") => Results.BadRequest(new { run, error = "invalid order" }),
                        _ => Results.Ok(new { run }),
                    };
                }).RequireIdentities(any).RequireIdempotency();
                app.MapPost("/big", () =>
                {
                    var run = self!.Count("big");
                    return Results.Text(new string('x', BigBodyBytes) + run, "text/plain");
                }).RequireIdentities(any).RequireIdempotency();
                var group = app.MapGroup("/group").RequireIdempotency();
                group.MapPost("/twice", () => new { run = self!.Count("group") }).RequireIdentities(any).RequireIdempotency();
                app.MapPost("/pipe", (HttpContext http) =>
                {
                    var run = self!.Count("pipe");
                    http.Response.StatusCode = StatusCodes.Status202Accepted;
                    System.Buffers.BuffersExtensions.Write(http.Response.BodyWriter, System.Text.Encoding.UTF8.GetBytes("piped " + run)); // written, never flushed
                    return Task.CompletedTask;
                }).RequireIdentities(any).RequireIdempotency();
                app.MapControllers();
                app.MapPost("/public", () => new { run = self!.Count("public") }).AllowAnonymous().RequireIdempotency();
            });
        self = new IdempotentApi(api, runs);
        return self;
    }

    public int RunsOf(string name) => Runs.Of(name);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string body = "{\"qty\":1}", string service = "orders-service", string? user = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("X-Service-Token", Api.ServiceToken(service).Build());
        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Api.UserToken(user).Build());
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        return await Api.Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string? key, string body = "{\"qty\":1}", string service = "orders-service", string? user = null) =>
        SendAsync(HttpMethod.Post, path, key, body, service, user);

    public ValueTask DisposeAsync()
    {
        Gate.TrySetResult();
        return Api.DisposeAsync();
    }

    private int Count(string name) => Runs.Count(name);
}

/// <summary>How many times each endpoint ran.</summary>
public sealed class RunLog
{
    private readonly ConcurrentDictionary<string, int> _runs = new();

    public int Of(string name) => _runs.GetValueOrDefault(name);

    public int Count(string name) => _runs.AddOrUpdate(name, 1, (_, n) => n + 1);
}
