using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>
/// Records every request that reaches a host, as the first middleware (an <see cref="IStartupFilter"/>), so a test can
/// tell "refused" from "never sent" and see which identities travelled on each hop.
/// </summary>
public sealed class RequestRecorder
{
    private readonly ConcurrentQueue<SeenRequest> _requests = new();

    public IReadOnlyList<SeenRequest> For(string correlationId) => [.. _requests.Where(r => r.CorrelationId == correlationId)];

    public IStartupFilter FilterFor(string host) => new Filter(this, host);

    private sealed class Filter(RequestRecorder recorder, string host) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var headers = context.Request.Headers;
                recorder._requests.Enqueue(new SeenRequest(host, context.Request.Method, context.Request.Path.Value ?? string.Empty,
                    headers["X-Correlation-Id"].FirstOrDefault(), headers["X-Request-Id"].FirstOrDefault(), headers["Idempotency-Key"].FirstOrDefault(),
                    headers.ContainsKey("X-Service-Token"), headers.ContainsKey("Authorization") || headers.ContainsKey("X-User-Token"))
                {
                    UserBearer = headers.Authorization.FirstOrDefault() is { } bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal) ? bearer["Bearer ".Length..] : null,
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
