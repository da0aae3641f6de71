using System.Globalization;
using System.Text.RegularExpressions;

namespace S2SAuth.LoadTest;

/// <summary>One wrk run against one server: throughput, latency percentiles and server CPU per request.</summary>
internal sealed partial record Sample(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, double CpuMicrosPerRequest)
{
    public static Sample Parse(string wrkOutput, TimeSpan serverCpu)
    {
        var rps = double.Parse(RequestsPerSec().Match(wrkOutput).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(TotalRequests().Match(wrkOutput).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccess().Match(wrkOutput) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new Sample(rps, Percentile(wrkOutput, "50"), Percentile(wrkOutput, "99"), requests, non2xx,
            serverCpu.TotalMicroseconds / Math.Max(1, requests));
    }

    private static double Percentile(string output, string p)
    {
        var match = Regex.Match(output, $@"^\s+{p}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSec();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex TotalRequests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
