using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Http;

/// <summary>
/// Writes an S2SAuth refusal of a gRPC call (<c>content-type: application/grpc…</c>) the way gRPC clients read one: a
/// trailers-only response (HTTP 200, no body) whose headers carry <c>grpc-status</c>, a percent-encoded
/// <c>grpc-message</c> (the gRPC over HTTP/2 spec), <c>s2sauth-code</c> and <c>s2sauth-correlation-id</c>. Plain HTTP/2
/// response headers: no gRPC library is needed, and none is referenced.
/// </summary>
internal static class GrpcRefusal
{
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string CodeHeader = "s2sauth-code";
    public const string CorrelationIdHeader = "s2sauth-correlation-id";
    public const string RetryPushbackHeader = "grpc-retry-pushback-ms";

    private const string GrpcContentType = "application/grpc";

    /// <summary>Whether the request is a gRPC call (or gRPC-Web), by its content type.</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The gRPC status code of an S2SAuth refusal's HTTP status.</summary>
    public static int StatusOf(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status400BadRequest => 3, // InvalidArgument
        StatusCodes.Status401Unauthorized => 16, // Unauthenticated
        StatusCodes.Status403Forbidden => 7, // PermissionDenied
        StatusCodes.Status408RequestTimeout => 4, // DeadlineExceeded
        StatusCodes.Status409Conflict => 10, // Aborted
        StatusCodes.Status413PayloadTooLarge => 8, // ResourceExhausted
        StatusCodes.Status422UnprocessableEntity => 9, // FailedPrecondition
        StatusCodes.Status429TooManyRequests => 8, // ResourceExhausted
        StatusCodes.Status500InternalServerError => 13, // Internal
        StatusCodes.Status503ServiceUnavailable => 14, // Unavailable
        _ => 2, // Unknown
    };

    /// <summary>
    /// Ends the call with the refusal (the HTTP status and headers already set by the caller are kept, but the status
    /// becomes 200, as gRPC requires; a <c>Retry-After</c> is also given as <c>grpc-retry-pushback-ms</c>).
    /// </summary>
    public static void Write(HttpContext http, int status, string code, string detail, string correlationId)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentTypeFor(http.Request.ContentType!);
        response.ContentLength = null;
        var headers = response.Headers;
        headers[StatusHeader] = StatusOf(status).ToString(CultureInfo.InvariantCulture);
        headers[MessageHeader] = EncodeMessage(detail);
        headers[CodeHeader] = code;
        headers[CorrelationIdHeader] = correlationId;
        if (int.TryParse(headers.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 86_400)
        {
            headers[RetryPushbackHeader] = (seconds * 1000).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Percent-encodes a <c>grpc-message</c>: every UTF-8 byte outside printable ASCII (0x20–0x7E), and <c>%</c>
    /// itself, becomes <c>%XX</c>.
    /// </summary>
    public static string EncodeMessage(string message)
    {
        if (message.All(static c => c is >= ' ' and <= '~' and not '%'))
        {
            return message;
        }

        var builder = new StringBuilder(message.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The response's content type: gRPC-Web (binary or text) when the call is gRPC-Web, else <c>application/grpc</c>.</summary>
    private static string ContentTypeFor(string requestType) =>
        requestType.StartsWith("application/grpc-web-text", StringComparison.OrdinalIgnoreCase) ? "application/grpc-web-text"
        : requestType.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase) ? "application/grpc-web"
        : GrpcContentType;
}
