using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Audit.Pipeline;

public sealed class AuditPipelineTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public AuditPipelineTests(IssuerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Background_writer_writes_every_event_of_many_concurrent_requests_once_and_complete()
    {
        var sink = new BlockingSink(open: true);
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, services: s => s.AddSingleton<IAuditSink>(sink));
        var ids = Enumerable.Range(0, 200).Select(i => $"corr-{i:D3}").ToArray();

        await Task.WhenAll(ids.Select(host.ActAsync));
        await host.Api.App.StopAsync(); // the shutdown flush writes whatever is still queued

        Assert.Equal(ids.Order(), sink.Events.Select(e => e.CorrelationId).Order());
        Assert.All(sink.Events, e =>
        {
            Assert.Equal((AuditHost.Activity, AuditOutcome.Allowed, "orders-service", "user_123", "tenant_789", "GET /act"),
                (e.Activity, e.Outcome, e.ServiceId, e.UserId, e.TenantId, e.Endpoint));
            Assert.Equal(ServiceCredentialKind.Token, e.ServiceCredential);
            Assert.False(string.IsNullOrEmpty(e.RequestId));
        });
    }

    [Fact]
    public async Task Background_writer_keeps_the_order_of_the_decisions()
    {
        var sink = new BlockingSink(open: true);
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, services: s => s.AddSingleton<IAuditSink>(sink));
        var ids = Enumerable.Range(0, 40).Select(i => $"seq-{i:D2}").ToArray();

        foreach (var id in ids)
        {
            await host.ActAsync(id);
        }

        await host.Api.App.StopAsync();
        Assert.Equal(ids, sink.Events.Select(e => e.CorrelationId));
    }

    [Fact]
    public async Task Graceful_shutdown_writes_everything_still_queued()
    {
        // The writer writes the first event, then lets events gather for FlushInterval (10 s): the rest stay queued.
        var sink = new BlockingSink(open: true);
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, a => a.FlushInterval = TimeSpan.FromSeconds(10), s => s.AddSingleton<IAuditSink>(sink));
        var ids = Enumerable.Range(0, 20).Select(i => $"stop-{i:D2}").ToArray();
        foreach (var id in ids)
        {
            await host.ActAsync(id);
        }

        Assert.True(sink.Events.Count <= 1, $"{sink.Events.Count} events were written before shutdown; expected them queued");
        await host.Api.App.StopAsync();

        Assert.Equal(ids, sink.Events.Select(e => e.CorrelationId));
    }

    [Fact]
    public async Task DropNewest_with_a_stuck_sink_drops_and_counts_the_overflow_warns_once_and_never_holds_a_request()
    {
        var sink = new BlockingSink();
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, a =>
        {
            a.QueueCapacity = 1;
            a.OnQueueFull = AuditOverflowPolicy.DropNewest;
        }, s => s.AddSingleton<IAuditSink>(sink));
        using var dropped = Collector(host, ServiceAuthTelemetry.AuditDropped);

        await host.ActAsync("first"); // taken by the writer, held in the stuck sink
        await sink.Entered;
        await host.ActAsync("second"); // fills the queue
        for (var i = 0; i < 5; i++)
        {
            await host.ActAsync($"over-{i}"); // each answered at once, its event dropped
        }

        Assert.Equal(5, dropped.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(dropped.GetMeasurementSnapshot(), m => Assert.Equal("queue_full", m.Tags[ServiceAuthTelemetry.AuditDropReasonTag]));
        var warning = Assert.Single(host.Api.Logs.Entries, e => e.EventId.Id == 3010);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("1", warning.Values["Count"]); // the first drop warns at once; the next ones are summed into the next warning

        sink.Open();
        await host.Api.App.StopAsync();
        Assert.Equal(["first", "second"], sink.Events.Select(e => e.CorrelationId));
        Assert.Equal("4", host.Api.Logs.Entries.Where(e => e.EventId.Id == 3010).Last().Values["Count"]); // the rest, reported at shutdown
    }

    [Fact]
    public async Task Wait_holds_a_request_at_most_MaxQueueWait_then_drops_and_counts_its_event()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sink = new BlockingSink();
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, a =>
        {
            a.QueueCapacity = 1;
            a.OnQueueFull = AuditOverflowPolicy.Wait;
            a.MaxQueueWait = TimeSpan.FromSeconds(1);
        }, s => s.AddSingleton<IAuditSink>(sink).AddSingleton<TimeProvider>(time));
        using var dropped = Collector(host, ServiceAuthTelemetry.AuditDropped);
        await host.ActAsync("first");
        await sink.Entered;
        await host.ActAsync("second");

        var waiting = host.ActAsync("third");
        await Task.Delay(50); // not a timing assertion: the request cannot finish before the clock moves
        Assert.False(waiting.IsCompleted, "the request waits for room in the queue");
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, dropped.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal("wait_timeout", dropped.LastMeasurement!.Tags[ServiceAuthTelemetry.AuditDropReasonTag]);
        sink.Open();
        await host.Api.App.StopAsync();
        Assert.Equal(["first", "second"], sink.Events.Select(e => e.CorrelationId));
    }

    [Fact]
    public async Task WriteSynchronously_writes_the_overflowing_event_on_the_request_and_loses_nothing()
    {
        var sink = new BlockingSink();
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, a =>
        {
            a.QueueCapacity = 1;
            a.OnQueueFull = AuditOverflowPolicy.WriteSynchronously;
        }, s => s.AddSingleton<IAuditSink>(sink));
        using var dropped = Collector(host, ServiceAuthTelemetry.AuditDropped);
        await host.ActAsync("first");
        await sink.Entered;
        await host.ActAsync("second");

        var third = host.ActAsync("third"); // writes its own event into the (stuck) sink
        await Task.Delay(50);
        Assert.False(third.IsCompleted, "the request writes its own event, so a stuck sink holds it");
        sink.Open();
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        await host.Api.App.StopAsync();

        Assert.Equal(["first", "second", "third"], sink.Events.Select(e => e.CorrelationId).Order());
        Assert.Empty(dropped.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Written_counter_and_queue_depth_gauge_report_the_pipeline()
    {
        var sink = new BlockingSink();
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, services: s => s.AddSingleton<IAuditSink>(sink));
        using var written = Collector(host, ServiceAuthTelemetry.AuditWritten);
        using var depth = new MetricCollector<int>(host.Api.App.Services.GetRequiredService<IMeterFactory>(), ServiceAuthTelemetry.MeterName, ServiceAuthTelemetry.AuditQueueDepth);
        await host.ActAsync("first");
        await sink.Entered;
        await host.ActAsync("second");
        await host.ActAsync("third");

        depth.RecordObservableInstruments();
        Assert.Equal(2, depth.LastMeasurement!.Value);
        sink.Open();
        await host.Api.App.StopAsync();
        Assert.Equal(3, written.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Invalid_audit_options_fail_the_start_naming_each_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AuditHost.StartAsync(_fixture.Issuer, a =>
        {
            a.QueueCapacity = 0;
            a.MaxBatchSize = 0;
            a.FlushInterval = TimeSpan.FromMinutes(1);
            a.MaxQueueWait = TimeSpan.Zero;
            a.Sink = AuditSinkKind.JsonFile;
        }));

        foreach (var key in new[] { "QueueCapacity", "MaxBatchSize", "FlushInterval", "MaxQueueWait", "FilePath" })
        {
            Assert.Contains("ServiceAuth:Audit:" + key, error.Message, StringComparison.Ordinal);
        }
    }

    private static MetricCollector<long> Collector(AuditHost host, string instrument) =>
        new(host.Api.App.Services.GetRequiredService<IMeterFactory>(), ServiceAuthTelemetry.MeterName, instrument);
}
