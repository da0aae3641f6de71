using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace S2SAuth.Soak;

/// <summary>
/// Judges the run (each criterion PASS or FAIL) and writes <c>samples.csv</c>, <c>events.csv</c>, <c>failures.csv</c>,
/// <c>summary.txt</c> and, when python3 with matplotlib is there, <c>soak.png</c>. Answers the exit code: 0 only when
/// every criterion passed.
/// </summary>
internal static class SoakReport
{
    public static int Write(SoakOptions o, SoakState state, Checker checker, Sampler sampler)
    {
        var inv = CultureInfo.InvariantCulture;
        var d = o.DurationSeconds;
        var summary = new StringBuilder();
        void Line(string text)
        {
            Console.WriteLine(text);
            summary.AppendLine(text);
        }

        var requests = checker.Total("requests");
        Line(string.Create(inv, $"soak: {d} s, {o.Concurrency} loops, {requests} requests ({requests / (double)d:F0}/s), server GC, {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        Line("answers (kind, status, code: count):");
        foreach (var (answer, count) in checker.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Line(string.Create(inv, $"  {answer}: {count}"));
        }

        var failures = string.Join(", ", Checker.Failures.Select(f => string.Create(inv, $"{f} {checker.Total(f)}")));
        Line(string.Create(inv, $"verdicts: ok {checker.Total("ok")}, tolerated {checker.Total("tolerated")} (revoked token accepted within {o.RevocationBoundMs} ms of its confirmed revocation), {failures}, revocation_not_applied {checker.Total("revocation_not_applied")}"));

        var lags = state.RevocationLagsMs.Order().ToArray();
        Line(lags.Length == 0 ? "revocations: none applied" : string.Create(inv,
            $"revocations: {lags.Length} applied; lag from Redis' confirmation to the first refusal seen: p50 {Percentile(lags, 0.5):F1} ms, p99 {Percentile(lags, 0.99):F1} ms, max {lags[^1]:F1} ms"));

        // Memory: the first and last thirds of the run after the warm-up.
        var third = (d - o.WarmupSeconds) / 3;
        var first = sampler.Samples.Where(s => s.Second > o.WarmupSeconds && s.Second <= o.WarmupSeconds + third).ToList();
        var last = sampler.Samples.Where(s => s.Second > d - third).ToList();
        double Mean(List<MemorySample> samples, Func<MemorySample, double> value) =>
            samples.Select(value).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();
        var rss = (Mean(first, s => s.RssMb), Mean(last, s => s.RssMb));
        var heap = (Mean(first, s => s.HeapMb), Mean(last, s => s.HeapMb));
        var stalls = Enumerable.Range(2, d - 3).Count(s => checker.RequestsIn(s) == 0);
        var perSecond = Enumerable.Range(o.WarmupSeconds, d - o.WarmupSeconds - 1).Select(s => (double)checker.RequestsIn(s)).ToArray();

        var criteria = new List<(string Name, bool Pass, string Figure)>
        {
            ("0 x 5xx", checker.Total("server_error") == 0, $"{checker.Total("server_error")}"),
            ("0 tokens accepted that must be refused", checker.Total("accepted_wrongly") == 0, $"{checker.Total("accepted_wrongly")}"),
            ("every answer the right status and code", checker.Total("wrong_code") + checker.Total("refused_valid") == 0,
                $"wrong_code {checker.Total("wrong_code")}, refused_valid {checker.Total("refused_valid")}"),
            ("every request answered (no transport error, no 10 s time-out, no second without an answer)", checker.Total("transport") == 0 && stalls == 0,
                $"transport {checker.Total("transport")}, empty seconds {stalls}"),
            (string.Create(inv, $"every revocation applied within {o.RevocationBoundMs} ms"),
                checker.Total("revocation_not_applied") == 0 && lags.Length > 0 && lags[^1] <= o.RevocationBoundMs,
                lags.Length == 0 ? "none" : string.Create(inv, $"{lags.Length} revocations, max {lags[^1]:F1} ms")),
            (string.Create(inv, $"RSS flat: last third mean <= first third (after {o.WarmupSeconds} s warm-up) + {o.MemoryBound:P0}"),
                rss.Item2 <= rss.Item1 * (1 + o.MemoryBound), string.Create(inv, $"{rss.Item1:F1} MB -> {rss.Item2:F1} MB ({(rss.Item2 / rss.Item1) - 1:+0.0%;-0.0%})")),
            (string.Create(inv, $"managed heap flat (size at last GC): last third mean <= first third + {o.MemoryBound:P0}"),
                heap.Item2 <= heap.Item1 * (1 + o.MemoryBound), string.Create(inv, $"{heap.Item1:F1} MB -> {heap.Item2:F1} MB ({(heap.Item2 / heap.Item1) - 1:+0.0%;-0.0%})")),
        };
        Line(string.Create(inv, $"req/s after warm-up: mean {perSecond.Average():F0}, min {perSecond.Min():F0}, max {perSecond.Max():F0}; server CPU mean {sampler.Samples.Average(s => s.CpuPercent):F0} % of one core"));
        Line("criteria:");
        foreach (var (name, pass, figure) in criteria)
        {
            Line($"  {(pass ? "PASS" : "FAIL")}  {name}: {figure}");
        }

        var passed = criteria.All(c => c.Pass);
        Line(passed ? "SOAK PASSED" : "SOAK FAILED");

        WriteSamples(Path.Combine(o.Out, "samples.csv"), o, state, checker, sampler);
        File.WriteAllLines(Path.Combine(o.Out, "events.csv"), ["second,event", .. state.Events.Select(e => string.Create(inv, $"{e.At:F1},\"{e.Event}\""))]);
        File.WriteAllLines(Path.Combine(o.Out, "failures.csv"), ["second,verdict,kind,detail", .. checker.FailureLines]);
        File.WriteAllText(Path.Combine(o.Out, "summary.txt"), summary.ToString());
        Plot(o.Out);
        return passed ? 0 : 1;
    }

    private static void WriteSamples(string path, SoakOptions o, SoakState state, Checker checker, Sampler sampler)
    {
        var events = state.Events.ToList();
        var lines = new List<string> { "second,requests,failures,tolerated,rss_mb,heap_mb,total_memory_mb,server_cpu_pct,event" };
        foreach (var s in sampler.Samples)
        {
            var during = string.Join(" | ", events.Where(e => e.At >= s.Second - 1 && e.At < s.Second).Select(e => e.Event.Replace(',', ';')));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{s.Second},{checker.RequestsIn(s.Second - 1)},{checker.FailuresIn(s.Second - 1)},{checker.ToleratedIn(s.Second - 1)},{s.RssMb:F1},{s.HeapMb:F1},{s.TotalMemoryMb:F1},{s.CpuPercent:F0},{during}"));
        }

        File.WriteAllLines(path, lines);
        _ = o;
    }

    private static void Plot(string outDir)
    {
        // Debian's python3-matplotlib is for /usr/bin/python3; a python3 earlier on the PATH (pyenv) may lack it.
        var script = Path.Combine(AppContext.BaseDirectory, "plot.py");
        var error = "python3 is not installed";
        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(python, [script, outDir]) { RedirectStandardError = true })!;
                error = process.StandardError.ReadToEnd().Trim();
                process.WaitForExit();
                if (process.ExitCode == 0)
                {
                    Console.WriteLine($"plot: {Path.Combine(outDir, "soak.png")}");
                    return;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }

        Console.WriteLine($"no plot ({error.Split('\n')[^1]}): install matplotlib (Debian: apt-get install -y python3-matplotlib), then python3 {script} {outDir}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
