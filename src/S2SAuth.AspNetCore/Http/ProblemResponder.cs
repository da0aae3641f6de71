using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;

namespace S2SAuth.Http;

/// <summary>
/// Writes S2SAuth's refusals as RFC 9457 problem details with a stable <c>code</c>: 401 with
/// <c>WWW-Authenticate</c> (RFC 6750) for missing or invalid identity, 403 for refused identity, 503 with
/// <c>Retry-After</c> when no signing keys can be had. Details are S2SAuth's own words, never token content.
/// A gRPC call's refusal is written by <see cref="GrpcRefusal"/> instead of the document.
/// </summary>
internal sealed class ProblemResponder
{
    private readonly ILogger _logger;
    private readonly int _retryAfterSeconds;

    public ProblemResponder(ILogger<ProblemResponder> logger, IOptions<ServiceAuthOptions> options)
    {
        _logger = logger;
        _retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(options.Value.KeyRefreshMinInterval.TotalSeconds));
    }

    /// <summary>Writes a refusal as it was decided.</summary>
    public Task WriteAsync(HttpContext http, Refusal refusal) => WriteAsync(http, refusal.Status, refusal.Code, refusal.Detail, refusal.Claim);

    public async Task WriteAsync(HttpContext http, int status, string code, string? detail, string? claim = null)
    {
        var correlationId = http.GetServiceAuthContext()?.Correlation.CorrelationId ?? string.Empty;
        Log.RequestRefused(_logger, status, code, correlationId);
        Telemetry.RefusalMetrics.Record(http, status, code);
        if (http.Response.HasStarted)
        {
            return;
        }

        var response = http.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        if (status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = code is AuthErrorCodes.ServiceTokenMissing or AuthErrorCodes.UserTokenMissing
                ? "Bearer realm=\"S2SAuth\""
                : $"Bearer realm=\"S2SAuth\", error=\"invalid_token\", error_description=\"{code}\"";
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = _retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await WriteDocumentAsync(http, status, code, detail ?? Title(status), claim, correlationId).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the problem document itself (status and headers already set): the one shape of every S2SAuth refusal,
    /// also used by the idempotency filter.
    /// </summary>
    public static async Task WriteDocumentAsync(HttpContext http, int status, string code, string detail, string? claim, string correlationId)
    {
        if (GrpcRefusal.IsGrpc(http.Request))
        {
            GrpcRefusal.Write(http, status, code, detail, correlationId); // a gRPC call: trailers-only, no problem document
            return;
        }

        http.Response.ContentType = "application/problem+json";
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("type", "urn:s2sauth:error:" + code);
        writer.WriteString("title", Title(status));
        writer.WriteNumber("status", status);
        writer.WriteString("detail", detail);
        writer.WriteString("code", code);
        if (claim is not null)
        {
            writer.WriteString("claim", claim);
        }

        writer.WriteString("correlationId", correlationId);
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status401Unauthorized => "Authentication failed",
        StatusCodes.Status403Forbidden => "Access denied",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status422UnprocessableEntity => "Unprocessable request",
        StatusCodes.Status503ServiceUnavailable => "Service temporarily unavailable",
        _ => "Request refused",
    };
}
