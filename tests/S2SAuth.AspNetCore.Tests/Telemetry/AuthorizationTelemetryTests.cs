using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Telemetry;

public sealed class AuthorizationTelemetryTests : IClassFixture<RbacApiFixture>
{
    private readonly RbacApi _api;

    public AuthorizationTelemetryTests(RbacApiFixture fixture) => _api = fixture.Api;

    [Fact]
    public async Task Each_decision_records_one_duration_in_seconds_with_outcome_and_reason()
    {
        var meterFactory = _api.Services.GetRequiredService<IMeterFactory>();
        using var durations = new MetricCollector<double>(meterFactory, ServiceAuthTelemetry.MeterName, ServiceAuthTelemetry.DecisionDuration);

        await _api.PostAsync("/min/t/tenant_789/user-scoped", _api.ServiceToken([UserScopedActivity]), _api.UserToken([UserScopedActivity]));
        await _api.PostAsync("/min/t/tenant_789/user-scoped", _api.ServiceToken(["other"]), _api.UserToken([UserScopedActivity]));

        Assert.Equal("s", durations.Instrument!.Unit);
        var measurements = durations.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m => Assert.InRange(m.Value, 0, 60));
        Assert.Equal("allowed", measurements[0].Tags[ServiceAuthTelemetry.OutcomeTag]);
        Assert.Equal("denied", measurements[1].Tags[ServiceAuthTelemetry.OutcomeTag]);
        Assert.Equal(AuthErrorCodes.ScopeMissing, measurements[1].Tags[ServiceAuthTelemetry.ReasonTag]);
    }

    [Fact]
    public async Task Decision_tags_the_request_trace_with_caller_and_outcome()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    lock (stopped)
                    {
                        stopped.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var (response, _) = await _api.SendAsync(HttpMethod.Post, "/min/admin/t/tenant_999/user-scoped",
            _api.ServiceToken([UserScopedActivity, CrossTenantScope]), _api.UserToken([UserScopedActivity]),
            configure: r => r.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Activity trace;
        lock (stopped)
        {
            trace = Assert.Single(stopped);
        }

        Assert.Equal(ServiceId, trace.GetTagItem(ServiceAuthTelemetry.ServiceIdTag));
        Assert.Equal(UserId, trace.GetTagItem(ServiceAuthTelemetry.UserIdTag));
        Assert.Equal(CallerTenant, trace.GetTagItem(ServiceAuthTelemetry.TenantIdTag));
        Assert.Equal(UserScopedActivity, trace.GetTagItem(ServiceAuthTelemetry.ActivityTag));
        Assert.Equal("allowed", trace.GetTagItem(ServiceAuthTelemetry.OutcomeTag));
        Assert.Equal(true, trace.GetTagItem(ServiceAuthTelemetry.CrossTenantTag));
        Assert.Null(trace.GetTagItem(ServiceAuthTelemetry.ReasonTag));
    }
}
