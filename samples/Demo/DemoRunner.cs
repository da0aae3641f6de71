using System.Diagnostics;
using System.Security.Cryptography;
using Demo.Infrastructure;
using Demo.Scenarios;
using Microsoft.Extensions.Logging;

namespace Demo;

/// <summary>Starts the system, runs every scenario, prints the outcomes and stops every server, whatever happens.</summary>
public static class DemoRunner
{
    public const int Success = 0;
    public const int ScenarioFailed = 1;
    public const int CouldNotRun = 2;
    public const int Interrupted = 130;

    /// <summary>Runs the demo; the exit code is 0 when every scenario behaved as expected.</summary>
    /// <param name="output">Where the report goes (the console).</param>
    /// <param name="verbose">Also print the servers' own logs (Information and above).</param>
    /// <param name="cancellationToken">Ctrl+C: stop, then stop the servers.</param>
    /// <param name="trace">Record spans with the OpenTelemetry SDK and print the first chain's trace as a tree.</param>
    public static async Task<int> RunAsync(TextWriter output, bool verbose = false, CancellationToken cancellationToken = default, bool trace = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var tracing = trace ? new ChainTrace() : null;
        var report = new ConsoleReport(output);
        var clock = Stopwatch.StartNew();
        report.Title();
        DemoSystem? system = null;
        try
        {
            system = await DemoSystem.StartAsync(new DemoSystemOptions
            {
                ConfigureHost = verbose ? (name, builder) => builder.Logging.AddSimpleConsole(o => o.SingleLine = true) : null,
            }, cancellationToken);
            report.Started(system, clock.Elapsed);

            var passed = 0;
            for (var i = 0; i < DemoScenarios.All.Count; i++)
            {
                var scenario = DemoScenarios.All[i];
                var outcome = await RunAsync(scenario, new ScenarioContext(system, $"demo-{i + 1:00}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}", cancellationToken));
                report.Scenario(i + 1, scenario, outcome, system.Audit.For(outcome.CorrelationId));
                if (i == 0 && tracing is not null)
                {
                    tracing.Print(output, outcome.CorrelationId, system.ServiceNamesByPort());
                    output.WriteLine();
                }

                passed += outcome.Passed ? 1 : 0;
            }

            report.Summary(passed, DemoScenarios.All.Count, clock.Elapsed);
            return passed == DemoScenarios.All.Count ? Success : ScenarioFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            report.Line("Interrupted: stopping every server started so far.");
            return Interrupted;
        }
#pragma warning disable CA1031 // the demo reports any failure to start and exits non-zero
        catch (Exception e)
#pragma warning restore CA1031
        {
            report.Line($"The demo could not run: {e.GetType().Name}: {e.Message}");
            return CouldNotRun;
        }
        finally
        {
            if (system is not null)
            {
                await system.DisposeAsync();
                report.Line("Stopped the issuer and the three services.");
            }
        }
    }

    private static async Task<ScenarioOutcome> RunAsync(Scenario scenario, ScenarioContext context)
    {
        try
        {
            return await scenario.RunAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            return new ScenarioOutcome($"{e.GetType().Name}: {e.Message}", context.CorrelationId, "unexpected exception");
        }
    }
}
