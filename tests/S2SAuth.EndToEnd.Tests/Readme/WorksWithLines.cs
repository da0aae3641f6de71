using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using S2SAuth.EndToEnd.Tests.Grpc;
using S2SAuth.EndToEnd.Tests.Grpc.Protos;

namespace S2SAuth.EndToEnd.Tests.Readme;

/// <summary>
/// The one-line set-ups of the README's "Works with your stack" table, verbatim, one per line between the markers, so
/// that they compile; <see cref="WorksWithLinesTests"/> checks that the README's lines and these are the same.
/// </summary>
internal static class WorksWithLines
{
    public static void AddServices(WebApplicationBuilder builder)
    {
        // README lines (services)
        builder.Services.AddOpenApi(o => o.AddServiceAuth());
        builder.Services.AddHealthChecks().AddServiceAuthChecks();
        builder.Services.AddGrpcClient<Greeter.GreeterClient>(o => o.Address = new Uri("https://greeter.internal")).AddServiceTokenHandler(o => o.AllowedHosts.Add("https://greeter.internal"));
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(ServiceAuthTelemetry.ActivitySourceName)).WithMetrics(m => m.AddMeter(ServiceAuthTelemetry.MeterName));
        builder.Logging.AddOpenTelemetry(o => o.AddOtlpExporter());
        // end of README lines
    }

    public static void MapEndpoints(WebApplication app)
    {
        // README lines (endpoints)
        app.MapGrpcService<GreeterService>().RequireActivity("greet.say");
        // end of README lines
    }
}
