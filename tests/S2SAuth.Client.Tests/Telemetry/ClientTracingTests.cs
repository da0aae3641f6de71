using System.Collections.Concurrent;
using System.Diagnostics;

namespace S2SAuth.Client.Tests.Telemetry;

/// <summary>
/// The outgoing side's spans on the <c>S2SAuth</c> source: one per request to the issuer (a token acquisition, an
/// exchange), none for a cached token, under the caller's trace. Spans of other tests are told apart by trace id.
/// </summary>
public sealed class ClientTracingTests : IAsyncLifetime, IDisposable
{
    private static readonly ActivitySource TestSource = new("S2SAuth.Client.Tests.Tracing");
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private ClientHarness _h = null!;

    public ClientTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "S2SAuth" or "S2SAuth.Client.Tests.Tracing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task A_token_acquisition_and_an_exchange_make_one_span_each_and_cached_tokens_none()
    {
        _h.Context.UserToken = _h.Issuer.UserToken("user_123", "orders-service", "tenant_a", ["pricing.resolve"]).Build();
        var client = _h.CreateClient(o =>
        {
            o.UserScoped = true;
            o.UserToken = UserTokenMode.Exchange;
        });

        var first = await SpansOfCallAsync(client);
        var second = await SpansOfCallAsync(client);

        Assert.Equal(["s2sauth.acquire_service_token", "s2sauth.exchange_user_token"], first.Select(s => s.OperationName).Order(StringComparer.Ordinal));
        Assert.All(first, s =>
        {
            Assert.Equal(ClientHarness.Audience, s.GetTagItem("s2sauth.audience"));
            Assert.Equal("ok", s.GetTagItem("s2sauth.outcome"));
        });
        Assert.Empty(second);
    }

    [Fact]
    public async Task A_failed_exchange_ends_its_span_with_an_error_status_and_the_issuers_code()
    {
        _h.Context.UserToken = _h.Issuer.UserToken("user_123", "orders-service", "tenant_a", ["admin.all"]).Build();
        var client = _h.CreateClient(o =>
        {
            o.UserScoped = true;
            o.UserToken = UserTokenMode.Exchange;
            o.ExchangeScopes.Add("admin.all");
        });

        var spans = await SpansOfCallAsync(client, expectFailure: true);

        var exchange = Assert.Single(spans, s => s.OperationName == "s2sauth.exchange_user_token");
        Assert.Equal("failed", exchange.GetTagItem("s2sauth.outcome"));
        Assert.Equal("invalid_scope", exchange.GetTagItem("s2sauth.code"));
        Assert.Equal(ActivityStatusCode.Error, exchange.Status);
    }

    private async Task<List<Activity>> SpansOfCallAsync(HttpClient client, bool expectFailure = false)
    {
        ActivityTraceId trace;
        using (var parent = TestSource.StartActivity("test-call")!)
        {
            trace = parent.TraceId;
            if (expectFailure)
            {
                await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/prices"));
            }
            else
            {
                (await client.GetAsync("/prices")).EnsureSuccessStatusCode();
            }
        }

        return [.. _stopped.Where(a => a.TraceId == trace && a.Source.Name == "S2SAuth")];
    }
}
