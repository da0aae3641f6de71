using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace S2SAuth.Http;

/// <summary>
/// Takes <c>X-Correlation-Id</c> and <c>X-Request-Id</c> from the request (or creates them), echoes the
/// correlation id on the response, and opens a logging scope with both. The request's <see cref="ServiceAuthContext"/>
/// (and so its ids) is made in one place, <see cref="ServiceAuthContext.GetOrCreate"/>: ids that are too long or hold
/// other characters than <c>[A-Za-z0-9._:-]</c> are replaced, so a caller cannot inject text into logs.
/// </summary>
internal sealed class CorrelationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger _logger;

    public CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var context = ServiceAuthContext.GetOrCreate(http);
        http.Response.Headers[HeaderNames.CorrelationId] = context.Correlation.CorrelationId;
        using (_logger.BeginScope(new CorrelationScope(context.Correlation)))
        {
            await _next(http).ConfigureAwait(false);
        }
    }
}
