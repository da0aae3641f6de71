using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Audit.Pipeline;

/// <summary>The built-in sinks and failing sinks behind the background writer (a real generic host: hosted services run).</summary>
public sealed class AuditPipelineSinkTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public AuditPipelineSinkTests(IssuerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Default_logger_sink_in_background_writes_each_decision_exactly_once()
    {
        await using var host = await AuditHost.StartAsync(_fixture.Issuer);
        var ids = Enumerable.Range(0, 30).Select(i => $"log-{i:D2}").ToArray();
        await Task.WhenAll(ids.Select(host.ActAsync));
        await host.Api.App.StopAsync();

        var lines = host.Api.Logs.Entries.Where(e => e.Category == "S2SAuth.Audit").ToList();
        Assert.Equal(ids, lines.Select(e => e.Values["CorrelationId"]).Order());
        Assert.All(lines, e => Assert.Equal((LogLevel.Information, 3001, "Allowed"), (e.Level, e.EventId.Id, e.Values["Outcome"])));
        var all = host.Api.Logs.AllText();
        Assert.All(host.Tokens, token => Assert.DoesNotContain(token, all, StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonFile_sink_appends_one_valid_JSON_line_per_decision_with_each_fact_once_and_no_token()
    {
        var path = Path.Combine(Path.GetTempPath(), $"s2sauth-audit-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, "{\"type\":\"earlier\"}\n"); // appended to, not overwritten
        try
        {
            await using (var host = await AuditHost.StartAsync(_fixture.Issuer, a =>
            {
                a.Sink = AuditSinkKind.JsonFile;
                a.FilePath = path;
            }))
            {
                var ids = Enumerable.Range(0, 25).Select(i => $"file-{i:D2}").ToArray();
                await Task.WhenAll(ids.Select(host.ActAsync));
                using (var refused = await host.Api.GetAsync("/act", host.Api.ServiceToken(scopes: "other.scope").Build(), host.Tokens[1],
                    r => r.Headers.Add("X-Correlation-Id", "file-refused")))
                {
                    await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden, "scope_missing");
                }

                await host.Api.App.StopAsync();
                using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var text = new StreamReader(reader))
                {
                    var content = await text.ReadToEndAsync();
                    Assert.All(host.Tokens, token => Assert.DoesNotContain(token, content, StringComparison.Ordinal));
                    var lines = content.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    Assert.Equal("{\"type\":\"earlier\"}", lines[0]);
                    var events = lines.Skip(1).Select(l => JsonDocument.Parse(l)).ToList();
                    Assert.Equal([.. ids, "file-refused"], events.Select(e => e.RootElement.GetProperty("correlationId").GetString()!).Order(StringComparer.Ordinal));
                    foreach (var e in events)
                    {
                        var names = e.RootElement.EnumerateObject().Select(p => p.Name).ToList();
                        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
                        Assert.Equal("s2sauth.audit", e.RootElement.GetProperty("type").GetString());
                        Assert.Equal(AuditHost.Activity, e.RootElement.GetProperty("activity").GetString());
                        Assert.Equal("orders-service", e.RootElement.GetProperty("serviceId").GetString());
                    }

                    var denied = Assert.Single(events, e => e.RootElement.GetProperty("outcome").GetString() == "Denied").RootElement;
                    Assert.Equal(("scope_missing", 403), (denied.GetProperty("reasonCode").GetString(), denied.GetProperty("statusCode").GetInt32()));
                }

                Assert.DoesNotContain(host.Api.Logs.Entries, e => e.Category == "S2SAuth.Audit"); // the file instead of the logger
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_refused_request_writes_one_audit_line_and_no_framework_authentication_lines()
    {
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, a => a.Mode = AuditMode.Synchronous);
        using var response = await host.Api.GetAsync("/act", "not.a.token", null, r => r.Headers.Add("X-Correlation-Id", "refused-1"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "token_malformed");
        var audit = Assert.Single(host.Api.Logs.Entries, e => e.Category == "S2SAuth.Audit");
        Assert.Equal(("Denied", "token_malformed"), (audit.Values["Outcome"], audit.Values["ReasonCode"]));
        Assert.DoesNotContain(host.Api.Logs.Entries, e => e.Message.Contains("was not authenticated", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Api.Logs.Entries, e => e.Category.EndsWith("ServiceAuthHandler", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sink_that_throws_is_logged_and_counted_and_the_writer_goes_on()
    {
        var sink = new ThrowingSink();
        sink.FailFor["bad-1"] = true;
        sink.FailFor["bad-2"] = true;
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, services: s => s.AddSingleton<IAuditSink>(sink));
        using var dropped = Collector(host, ServiceAuthTelemetry.AuditDropped);
        var ids = new[] { "ok-1", "bad-1", "ok-2", "bad-2", "ok-3" };
        foreach (var id in ids)
        {
            await host.ActAsync(id);
        }

        await host.Api.App.StopAsync();

        Assert.Equal(["ok-1", "ok-2", "ok-3"], sink.Events.Select(e => e.CorrelationId));
        Assert.Equal(2, dropped.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(dropped.GetMeasurementSnapshot(), m => Assert.Equal("sink_failed", m.Tags[ServiceAuthTelemetry.AuditDropReasonTag]));
        var errors = host.Api.Logs.Entries.Where(e => e.EventId.Id == 3002).ToList();
        Assert.Equal(["bad-1", "bad-2"], errors.Select(e => e.Values["CorrelationId"]));
        Assert.All(errors, e => Assert.Equal(("IOException", LogLevel.Error), (e.Values["ExceptionType"], e.Level)));
        Assert.Contains(host.Api.Logs.Entries, e => e.EventId.Id == 3010 && e.Level == LogLevel.Warning);
        var all = host.Api.Logs.AllText();
        Assert.All(host.Tokens, token => Assert.DoesNotContain(token, all, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_with_a_stuck_sink_gives_up_after_ShutdownFlushTimeout_and_counts_what_was_lost()
    {
        var sink = new BlockingSink();
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, a => a.ShutdownFlushTimeout = TimeSpan.FromMilliseconds(300),
            s => s.AddSingleton<IAuditSink>(sink));
        using var dropped = Collector(host, ServiceAuthTelemetry.AuditDropped);
        await host.ActAsync("held");
        await sink.Entered;
        for (var i = 0; i < 4; i++)
        {
            await host.ActAsync($"queued-{i}");
        }

        await host.Api.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(20)); // bounded: not the host's 30 s

        Assert.Empty(sink.Events);
        Assert.Equal(5, dropped.GetMeasurementSnapshot().EvaluateAsCounter()); // the held event and the four queued
        Assert.All(dropped.GetMeasurementSnapshot(), m => Assert.Equal("shutdown_timeout", m.Tags[ServiceAuthTelemetry.AuditDropReasonTag]));
        var error = Assert.Single(host.Api.Logs.Entries, e => e.EventId.Id == 3012);
        Assert.Equal("5", error.Values["Count"]);
    }

    [Fact]
    public async Task Wait_policy_warns_when_it_drops()
    {
        var sink = new BlockingSink();
        await using var host = await AuditHost.StartAsync(_fixture.Issuer, a =>
        {
            a.QueueCapacity = 1;
            a.MaxQueueWait = TimeSpan.FromMilliseconds(50);
        }, s => s.AddSingleton<IAuditSink>(sink));
        await host.ActAsync("first");
        await sink.Entered;
        await host.ActAsync("second");

        var started = System.Diagnostics.Stopwatch.StartNew();
        await host.ActAsync("third").WaitAsync(TimeSpan.FromSeconds(10)); // waits ~50 ms, never for the stuck sink
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(8), $"the request took {started.Elapsed}");

        var warning = Assert.Single(host.Api.Logs.Entries, e => e.EventId.Id == 3010);
        Assert.Equal((LogLevel.Warning, "1", "wait_timeout"), (warning.Level, warning.Values["Count"], warning.Values["Reason"]));
        sink.Open();
        await host.Api.App.StopAsync();
        Assert.Equal(["first", "second"], sink.Events.Select(e => e.CorrelationId));
    }

    [Fact]
    public async Task JsonFile_with_an_unwritable_path_fails_the_start()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-dir-{Guid.NewGuid():N}", "audit.jsonl");
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => AuditHost.StartAsync(_fixture.Issuer, a =>
        {
            a.Sink = AuditSinkKind.JsonFile;
            a.FilePath = path;
        }));
    }

    private static MetricCollector<long> Collector(AuditHost host, string instrument) =>
        new(host.Api.App.Services.GetRequiredService<IMeterFactory>(), ServiceAuthTelemetry.MeterName, instrument);
}
