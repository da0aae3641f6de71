using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace S2SAuth.Http;

/// <summary>
/// Takes <c>X-Correlation-Id</c> and <c>X-Request-Id</c> from the request (or creates them), echoes the
/// correlation id on the response, opens a logging scope with both, and creates the request's
/// <see cref="ServiceAuthContext"/>. Ids that are too long or hold other characters than
/// <c>[A-Za-z0-9._:-]</c> are replaced, so a caller cannot inject text into logs (<see cref="RequestText.IsValidId"/>,
/// the rule requested tenants follow too).
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
        var context = EnsureContext(http);
        http.Response.Headers[HeaderNames.CorrelationId] = context.Correlation.CorrelationId;
        using (_logger.BeginScope(new CorrelationScope(context.Correlation)))
        {
            await _next(http).ConfigureAwait(false);
        }
    }

    /// <summary>The request's context, created on first use.</summary>
    public static ServiceAuthContext EnsureContext(HttpContext http)
    {
        var context = http.Features.Get<ServiceAuthContext>();
        if (context is null)
        {
            var headers = http.Request.Headers;
            var correlation = new CorrelationContext(
                ValidId(headers[HeaderNames.CorrelationId]) ?? NewId(),
                ValidId(headers[HeaderNames.RequestId]) ?? NewId());
            context = new ServiceAuthContext(correlation);
            http.Features.Set(context);
        }

        return context;
    }

    /// <summary>
    /// 128 random bits as 32 lowercase hex characters. Ids must be unique, not secret: <see cref="Random.Shared"/> costs
    /// tens of nanoseconds where <see cref="Guid.NewGuid"/> asks the OS for entropy every time (~1.5 µs on a 2-core VM).
    /// </summary>
    internal static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static string? ValidId(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 1 && values[0] is { } id && RequestText.IsValidId(id) ? id : null;
}
