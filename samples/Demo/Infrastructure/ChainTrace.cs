using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Demo.Infrastructure;

/// <summary>
/// The demo's tracing (<c>--trace</c>), wired as a service would wire the OpenTelemetry SDK: the <c>S2SAuth</c> source next
/// to ASP.NET Core's and HttpClient's (both built into .NET, no instrumentation package), W3C trace context carried
/// between the services by HttpClient. The spans go to an in-memory exporter here so the demo can print one chain as a
/// tree; a deployment adds an OTLP exporter instead (<c>.AddOtlpExporter()</c>, package OpenTelemetry.Exporter.OpenTelemetryProtocol).
/// </summary>
public sealed class ChainTrace : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly TracerProvider _provider;

    public ChainTrace() =>
        _provider = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService("s2sauth-demo"))
            .AddSource("S2SAuth", "Microsoft.AspNetCore", "System.Net.Http")
            .AddInMemoryExporter(_spans)
            .Build();

    /// <summary>Prints the trace whose request span carries <paramref name="correlationId"/>, as a tree, naming the service of each span by its port.</summary>
    public void Print(TextWriter output, string correlationId, IReadOnlyDictionary<int, string> services)
    {
        ArgumentNullException.ThrowIfNull(output);
        _provider.ForceFlush();
        List<Activity> spans;
        lock (_spans)
        {
            spans = [.. _spans];
        }

        var request = spans.FirstOrDefault(s => (string?)s.GetTagItem("s2sauth.correlation_id") == correlationId);
        if (request is null)
        {
            output.WriteLine("          (no trace recorded for this chain)");
            return;
        }

        var trace = spans.Where(s => s.TraceId == request.TraceId).ToList();
        output.WriteLine($"          trace {request.TraceId} ({trace.Count} spans):");
        foreach (var root in trace.Where(s => !trace.Any(p => p.SpanId == s.ParentSpanId)).OrderBy(s => s.StartTimeUtc))
        {
            Write(output, root, trace, services, depth: 0);
        }
    }

    public void Dispose() => _provider.Dispose();

    private static void Write(TextWriter output, Activity span, List<Activity> trace, IReadOnlyDictionary<int, string> services, int depth)
    {
        // HttpClient's span names the target (url.full); the server span under it is that service handling the request.
        var parent = trace.FirstOrDefault(p => p.SpanId == span.ParentSpanId);
        var (name, where) = span.Kind switch
        {
            ActivityKind.Client when Uri.TryCreate(span.GetTagItem("url.full") as string, UriKind.Absolute, out var url) =>
                ($"{span.GetTagItem("http.request.method")} {url.AbsolutePath}", "-> " + ServiceAt(url, services)),
            ActivityKind.Server when parent?.GetTagItem("url.full") is string target && Uri.TryCreate(target, UriKind.Absolute, out var url) =>
                ("(handled)", ServiceAt(url, services)),
            _ => (span.DisplayName, string.Empty),
        };
        var detail = span.Source.Name == "S2SAuth"
            ? string.Join(' ', span.TagObjects.Where(t => t.Key is "s2sauth.token.kind" or "s2sauth.audience" or "s2sauth.outcome" or "s2sauth.code").Select(t => $"{t.Key[8..]}={t.Value}"))
            : span.GetTagItem("http.response.status_code") is { } status ? $"status {status}" : string.Empty;
        output.WriteLine($"            {new string(' ', 2 * depth) + name,-58} {where,-16} {span.Duration.TotalMilliseconds,7:0.0} ms  {detail}");
        foreach (var child in trace.Where(s => s.ParentSpanId == span.SpanId).OrderBy(s => s.StartTimeUtc))
        {
            Write(output, child, trace, services, depth + 1);
        }
    }

    private static string ServiceAt(Uri url, IReadOnlyDictionary<int, string> services) =>
        services.TryGetValue(url.Port, out var name) ? name : url.Authority;
}
