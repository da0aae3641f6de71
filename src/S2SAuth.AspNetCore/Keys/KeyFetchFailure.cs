using System.Text.Json;
using S2SAuth.Client.Protocol;

namespace S2SAuth.Keys;

/// <summary>The stable reason code of a failed key fetch, for logs and metrics: from the exception's kind, never its message.</summary>
internal static class KeyFetchFailure
{
    public static string Reason(Exception exception) => exception switch
    {
        KeyFetchRefusedException refused => refused.Reason,
        ProtocolRedirectException redirect => redirect.Code,
        HttpRequestException { StatusCode: { } status } => "http_" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        HttpRequestException => "unreachable",
        OperationCanceledException or TimeoutException => "timeout",
        JsonException or ArgumentException or FormatException => "invalid_document",
        _ => exception.GetType().Name,
    };
}
