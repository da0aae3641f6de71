using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using S2SAuth.Http;

namespace S2SAuth.Webhooks;

/// <summary>
/// Writes a webhook endpoint's answers: refusals as RFC 9457 problem details in the shape of every S2SAuth refusal
/// (401 with a <c>WWW-Authenticate: Webhook-Signature</c> challenge, 503 with <c>Retry-After</c>), and the fixed 200
/// answer to a duplicate delivery.
/// </summary>
internal static class WebhookProblem
{
    /// <summary>Retry-After of a 503, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The status of a verification failure code: 400 for malformed headers, else 401.</summary>
    public static int StatusOf(string code) => code == AuthErrorCodes.WebhookHeadersMalformed ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;

    public static async Task WriteAsync(HttpContext http, int status, string code, string detail)
    {
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
            // RFC 9110 wants a challenge on every 401; a webhook sender authenticates by signature, not by bearer token.
            response.Headers.WWWAuthenticate = $"Webhook-Signature realm=\"S2SAuth\", error=\"{code}\"";
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        var correlationId = http.GetServiceAuthContext()?.Correlation.CorrelationId ?? string.Empty;
        await ProblemResponder.WriteDocumentAsync(http, status, code, detail, claim: null, correlationId).ConfigureAwait(false);
    }

    /// <summary>The answer to a duplicate: 200, <c>{"received":true,"duplicate":true,"code":"webhook_duplicate"}</c>, so the provider stops retrying.</summary>
    public static async Task WriteDuplicateAsync(HttpContext http)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        writer.WriteBoolean("received", true);
        writer.WriteBoolean("duplicate", true);
        writer.WriteString("code", AuthErrorCodes.WebhookDuplicate);
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }
}
