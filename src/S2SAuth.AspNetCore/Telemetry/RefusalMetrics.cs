using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace S2SAuth.Telemetry;

/// <summary>
/// The <c>S2SAuth</c> meter's refusal counter: one count per refusal S2SAuth writes (every problem document of
/// <c>ProblemResponder</c>, the idempotency filter and the webhook step), by its stable code and HTTP status.
/// </summary>
internal sealed class RefusalMetrics
{
    private readonly Counter<long> _refusals;

    public RefusalMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceAuthTelemetry.MeterName);
        _refusals = meter.CreateCounter<long>(ServiceAuthTelemetry.RefusalsCounter, "{request}",
            "Requests S2SAuth refused, by error code and HTTP status.");
    }

    /// <summary>Counts one refusal of <paramref name="http"/>, when the app registered S2SAuth's metrics (cheap: refusals only).</summary>
    public static void Record(HttpContext http, int status, string code) =>
        http.RequestServices?.GetService<RefusalMetrics>()?.Refused(status, code);

    public void Refused(int status, string code) =>
        _refusals.Add(1, new TagList { { ServiceAuthTelemetry.CodeTag, code }, { ServiceAuthTelemetry.HttpStatusCodeTag, status } });
}
