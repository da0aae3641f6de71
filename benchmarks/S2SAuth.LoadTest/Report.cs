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
        double Rps(string mode) => Median(mode, s => s.RequestsPerSecond);
        double Cpu(string mode) => Median(mode, s => s.CpuMicrosPerRequest);
        Console.WriteLine();
        Console.WriteLine("Ratios of medians (requests/s); one audit line per request in every S2SAuth mode:");
        Console.WriteLine($"  S2SAuth (default: background, JSON console logger) / no-auth:  {Rps("s2sauth") / Rps("noauth"):F2}x   (target >= 0.85x)");
        Console.WriteLine($"  S2SAuth (default) / stock JwtBearer:                           {Rps("s2sauth") / Rps("jwtbearer"):F2}x   (target >= 3x)");
        Console.WriteLine($"  S2SAuth, JSON-lines sink on stdout / no-auth:                  {Rps("s2sauth-jsonconsole") / Rps("noauth"):F2}x");
        Console.WriteLine($"  S2SAuth, JSON-lines sink to a file / no-auth:                  {Rps("s2sauth-jsonfile") / Rps("noauth"):F2}x");
        Console.WriteLine($"  S2SAuth, synchronous sink (before) / no-auth:                  {Rps("s2sauth-sync") / Rps("noauth"):F2}x");
        Console.WriteLine($"  stock JwtBearer / no-auth:                                     {Rps("jwtbearer") / Rps("noauth"):F2}x");
        Console.WriteLine("Server CPU per request over no-auth (µs, medians; target <= 10):");
        Console.WriteLine($"  S2SAuth {Cpu("s2sauth") - Cpu("noauth"):F1} (default), {Cpu("s2sauth-jsonconsole") - Cpu("noauth"):F1} (JSON-lines stdout), {Cpu("s2sauth-jsonfile") - Cpu("noauth"):F1} (file), {Cpu("s2sauth-sync") - Cpu("noauth"):F1} (synchronous); stock JwtBearer {Cpu("jwtbearer") - Cpu("noauth"):F1}");
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
