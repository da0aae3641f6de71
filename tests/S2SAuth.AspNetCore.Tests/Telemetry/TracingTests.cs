using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Telemetry;

/// <summary>
/// The spans of the <c>S2SAuth</c> activity source and the correlation id on the request's span, captured with an
/// <see cref="ActivityListener"/> as an OpenTelemetry SDK would. Spans of other tests are told apart by trace id.
/// </summary>
public sealed class TracingTests : IAsyncLifetime, IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private TestIssuer _issuer = null!;
    private TestApi _api = null!;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ServiceAuthTelemetry.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _api = await TestApi.StartAsync(_issuer);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task A_first_sight_verification_makes_spans_and_a_cache_hit_makes_none()
    {
        var service = _api.ServiceToken().Build();
        var user = _api.UserToken().Build();

        var first = await SpansOfAsync(await GetAsync(service, user, "trace-first"));
        var second = await SpansOfAsync(await GetAsync(service, user, "trace-second"));

        Assert.Equal(["service", "user"], first.Where(s => s.OperationName == ServiceAuthTelemetry.VerifyTokenSpan)
            .Select(s => s.GetTagItem(ServiceAuthTelemetry.TokenKindTag) as string).Order(StringComparer.Ordinal));
        Assert.All(first.Where(s => s.OperationName == ServiceAuthTelemetry.VerifyTokenSpan), s =>
        {
            Assert.Equal("ok", s.GetTagItem(ServiceAuthTelemetry.SpanOutcomeTag));
            Assert.Equal(ActivityStatusCode.Unset, s.Status);
        });
        // The keys were fetched once for this API (at start-up or for the first request, whichever came first).
        Assert.Contains(_stopped, s => s.OperationName == ServiceAuthTelemetry.RefreshSigningKeysSpan && (string?)s.GetTagItem(ServiceAuthTelemetry.SpanOutcomeTag) == "ok");
        Assert.DoesNotContain(second, s => s.Source.Name == ServiceAuthTelemetry.ActivitySourceName);
    }

    [Fact]
    public async Task A_refused_token_ends_its_span_with_an_error_status_and_its_code_and_no_token_in_any_tag()
    {
        var forged = _api.UserToken().Build()[..^4] + "AAAA";

        var spans = await SpansOfAsync(await GetAsync(_api.ServiceToken().Build(), forged, "trace-forged"));

        var refused = Assert.Single(spans, s => s.OperationName == ServiceAuthTelemetry.VerifyTokenSpan && (string?)s.GetTagItem(ServiceAuthTelemetry.TokenKindTag) == "user");
        Assert.Equal("refused", refused.GetTagItem(ServiceAuthTelemetry.SpanOutcomeTag));
        Assert.Equal(AuthErrorCodes.SignatureInvalid, refused.GetTagItem(ServiceAuthTelemetry.SpanCodeTag));
        Assert.Equal(ActivityStatusCode.Error, refused.Status);
        Assert.All(spans.SelectMany(s => s.TagObjects), tag => Assert.DoesNotContain(forged.Split('.')[1], tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_request_span_carries_the_correlation_id()
    {
        var response = await GetAsync(_api.ServiceToken().Build(), _api.UserToken().Build(), "trace-correlation-7");

        var request = await RequestSpanAsync("trace-correlation-7");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("trace-correlation-7", request.GetTagItem(ServiceAuthTelemetry.CorrelationIdTag));
    }

    private Task<HttpResponseMessage> GetAsync(string service, string user, string correlationId) =>
        _api.GetAsync("/whoami", service, user, r => r.Headers.Add("X-Correlation-Id", correlationId));

    private async Task<Activity> RequestSpanAsync(string correlationId)
    {
        Activity? request = null;
        await Eventually.TrueAsync(() => (request = _stopped.FirstOrDefault(a => (string?)a.GetTagItem(ServiceAuthTelemetry.CorrelationIdTag) == correlationId)) is not null,
            "the request's span stopped");
        return request!;
    }

    /// <summary>The S2SAuth spans of the request <paramref name="response"/> answered (same trace as its request span).</summary>
    private async Task<List<Activity>> SpansOfAsync(HttpResponseMessage response)
    {
        var correlationId = response.Headers.GetValues("X-Correlation-Id").Single();
        var request = await RequestSpanAsync(correlationId);
        return [.. _stopped.Where(a => a.TraceId == request.TraceId && a != request)];
    }
}
