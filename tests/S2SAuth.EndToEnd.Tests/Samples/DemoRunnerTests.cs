using Demo;
using Demo.Scenarios;

namespace S2SAuth.EndToEnd.Tests.Samples;

/// <summary>The README's demo command, run in-process: it must report every scenario as expected and exit 0.</summary>
public sealed class DemoRunnerTests
{
    [Fact]
    public async Task Demo_behaves_as_expected_in_every_scenario_and_exits_0()
    {
        using var output = new StringWriter();

        var exitCode = await DemoRunner.RunAsync(output);

        var report = output.ToString();
        Assert.True(exitCode == DemoRunner.Success, report);
        Assert.Equal(DemoScenarios.All.Count, report.Split('\n').Count(l => l.Contains(". PASS  ", StringComparison.Ordinal)));
        Assert.DoesNotContain("FAIL", report, StringComparison.Ordinal);
        Assert.Contains($"All {DemoScenarios.All.Count} scenarios behaved as expected", report, StringComparison.Ordinal);
        Assert.Contains("Stopped the issuer and the three services.", report, StringComparison.Ordinal);
    }
}
