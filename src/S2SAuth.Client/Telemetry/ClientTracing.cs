using System.Diagnostics;

namespace S2SAuth.Client.Telemetry;

/// <summary>
/// The spans of the outgoing side, on the <c>S2SAuth</c> activity source (the same name as S2SAuth.AspNetCore's, so one
/// <c>AddSource("S2SAuth")</c> gets both): one per request to the issuer, never per call (a cached token makes no span).
/// Tags are outcomes, audiences and reason codes: never a token.
/// </summary>
internal static class ClientTracing
{
    public const string SourceName = "S2SAuth";
    public const string AcquireServiceTokenSpan = "s2sauth.acquire_service_token";
    public const string ExchangeUserTokenSpan = "s2sauth.exchange_user_token";

    public static readonly ActivitySource Source = new(SourceName, typeof(ClientTracing).Assembly.GetName().Version?.ToString(3));

    public static Activity? Start(string name, string? audience)
    {
        var span = Source.StartActivity(name, ActivityKind.Internal);
        span?.SetTag("s2sauth.audience", audience ?? "(none)");
        return span;
    }

    /// <summary>Records the request's outcome: <c>ok</c>, or <c>failed</c> with the reason code and an error status.</summary>
    public static void End(Activity? span, string? failureCode)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag("s2sauth.outcome", failureCode is null ? "ok" : "failed");
        if (failureCode is not null)
        {
            span.SetTag("s2sauth.code", failureCode);
            span.SetStatus(ActivityStatusCode.Error, failureCode);
        }
    }
}
