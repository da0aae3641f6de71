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
        Console.WriteLine("Ratios of medians (requests/s); audit lines written by the JSON console logger unless said:");
        Console.WriteLine($"  S2SAuth / no-auth:                        {Rps("s2sauth") / Rps("noauth"):F2}x   (target >= 0.85x)");
        Console.WriteLine($"  S2SAuth / stock JwtBearer:                {Rps("s2sauth") / Rps("jwtbearer"):F2}x   (target >= 2x)");
        Console.WriteLine($"  S2SAuth, Serilog async file / no-auth:    {Rps("s2sauth-serilog") / Rps("noauth"):F2}x");
        Console.WriteLine($"  S2SAuth, Serilog async file / JwtBearer:  {Rps("s2sauth-serilog") / Rps("jwtbearer"):F2}x");
        Console.WriteLine($"  S2SAuth, audit lines dropped / no-auth:   {Rps("s2sauth-quiet") / Rps("noauth"):F2}x   (breakdown only)");
        Console.WriteLine($"  S2SAuth, audit lines dropped / JwtBearer: {Rps("s2sauth-quiet") / Rps("jwtbearer"):F2}x   (breakdown only)");
        Console.WriteLine($"  stock JwtBearer / no-auth:                {Rps("jwtbearer") / Rps("noauth"):F2}x");
        Console.WriteLine("Server CPU per request over no-auth (µs, medians):");
        Console.WriteLine($"  S2SAuth {Cpu("s2sauth") - Cpu("noauth"):F1} (JSON console), {Cpu("s2sauth-serilog") - Cpu("noauth"):F1} (Serilog), {Cpu("s2sauth-quiet") - Cpu("noauth"):F1} (audit lines dropped); stock JwtBearer {Cpu("jwtbearer") - Cpu("noauth"):F1}");
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
