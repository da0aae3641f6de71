using System.Globalization;

namespace S2SAuth.LoadTest;

/// <summary>Prints the medians and ranges of all rounds, and the ratios of the same run.</summary>
internal static class Report
{
    public static void Print(Dictionary<string, List<Sample>> results, int duration, int connections, int rounds)
    {
        Console.WriteLine();
        Console.WriteLine($"wrk -t2 -c{connections} -d{duration}s, {rounds} interleaved rounds, {Environment.ProcessorCount} cores; median [min–max]");
        Console.WriteLine();
        Console.WriteLine("| server | req/s | p50 ms | p99 ms | server CPU µs/req | non-2xx |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (mode, samples) in results)
        {
            Console.WriteLine($"| {mode} | {Range(samples, s => s.RequestsPerSecond, "F0")} | {Range(samples, s => s.P50Ms, "F2")} | {Range(samples, s => s.P99Ms, "F2")} | {Range(samples, s => s.CpuMicrosPerRequest, "F1")} | {samples.Sum(s => s.Errors)} |");
        }

        double Median(string mode, Func<Sample, double> f) => MedianOf(results[mode].Select(f));
        Console.WriteLine();
        Console.WriteLine($"S2SAuth / no-auth req/s:    {Median("s2sauth", s => s.RequestsPerSecond) / Median("noauth", s => s.RequestsPerSecond):F2}x");
        Console.WriteLine($"S2SAuth / JwtBearer req/s:  {Median("s2sauth", s => s.RequestsPerSecond) / Median("jwtbearer", s => s.RequestsPerSecond):F2}x");
        Console.WriteLine($"JwtBearer / no-auth req/s:  {Median("jwtbearer", s => s.RequestsPerSecond) / Median("noauth", s => s.RequestsPerSecond):F2}x");
        Console.WriteLine($"auth CPU per request (µs, over no-auth): S2SAuth {Median("s2sauth", s => s.CpuMicrosPerRequest) - Median("noauth", s => s.CpuMicrosPerRequest):F1}, JwtBearer {Median("jwtbearer", s => s.CpuMicrosPerRequest) - Median("noauth", s => s.CpuMicrosPerRequest):F1}");
    }

    private static string Range(List<Sample> samples, Func<Sample, double> f, string format)
    {
        var values = samples.Select(f).ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{MedianOf(values).ToString(format, CultureInfo.InvariantCulture)} [{values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)}]");
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
