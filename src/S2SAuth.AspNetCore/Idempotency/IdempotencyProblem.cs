using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S2SAuth.Http;
using S2SAuth.Logging;

namespace S2SAuth.Idempotency;

/// <summary>
/// Writes idempotency refusals as RFC 9457 problem details, in the shape of every S2SAuth refusal (<c>type</c>,
/// <c>title</c>, <c>status</c>, <c>detail</c>, <c>code</c>, <c>correlationId</c>), with <c>Retry-After</c> when a retry can succeed.
/// </summary>
internal static class IdempotencyProblem
{
    /// <summary>Retry-After of 409 <c>idempotency_in_progress</c>, in seconds.</summary>
    public const int InProgressRetryAfterSeconds = 1;

    /// <summary>Retry-After of 503 <c>idempotency_store_unavailable</c>, in seconds.</summary>
    public const int StoreUnavailableRetryAfterSeconds = 5;

    public static async Task WriteAsync(HttpContext http, ILogger logger, int status, string code, string detail, int? retryAfterSeconds = null)
    {
        var correlationId = http.GetServiceAuthContext()?.Correlation.CorrelationId ?? string.Empty;
        Log.RequestRefused(logger, status, code, correlationId);
        Telemetry.RefusalMetrics.Record(http, status, code);
        if (http.Response.HasStarted)
        {
            return;
        }

        var response = http.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await ProblemResponder.WriteDocumentAsync(http, status, code, detail, claim: null, correlationId).ConfigureAwait(false);
    }
}
