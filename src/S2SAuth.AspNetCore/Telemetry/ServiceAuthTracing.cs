using System.Diagnostics;

namespace S2SAuth.Telemetry;

/// <summary>
/// The spans of the incoming side, on the <see cref="ServiceAuthTelemetry.ActivitySourceName"/> source: only the work
/// that leaves the fast path (a first-sight verification, a key refresh, an introspection, a permission-source call). A
/// cache hit makes no span. Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns <see langword="null"/> and nothing is recorded. Tags are outcomes, codes and kinds: never a token or key.
/// </summary>
internal static class ServiceAuthTracing
{
    public static readonly ActivitySource Source = new(ServiceAuthTelemetry.ActivitySourceName,
        typeof(ServiceAuthTracing).Assembly.GetName().Version?.ToString(3));

    public static Activity? Start(string name) => Source.StartActivity(name, ActivityKind.Internal);

    /// <summary>Records how the span's work ended: <c>ok</c>, or <paramref name="outcome"/> with an error status and its code.</summary>
    public static void End(Activity? span, string outcome, string? code = null)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(ServiceAuthTelemetry.SpanOutcomeTag, outcome);
        if (code is not null)
        {
            span.SetTag(ServiceAuthTelemetry.SpanCodeTag, code);
        }

        if (outcome != "ok")
        {
            span.SetStatus(ActivityStatusCode.Error, code ?? outcome);
        }
    }
}
