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

        // Memory (RssAnon and the managed heap): the median of the first window after the warm-up against the median of the
        // last window; a window is a minute, or half of what follows the warm-up in a shorter run.
        var window = Math.Min(60, (d - o.WarmupSeconds) / 2);
        var first = sampler.Samples.Where(s => s.Second > o.WarmupSeconds && s.Second <= o.WarmupSeconds + window).ToList();
        var last = sampler.Samples.Where(s => s.Second > d - window).ToList();
        var rss = (Median(first, s => s.RssAnonMb), Median(last, s => s.RssAnonMb));
        var heap = (Median(first, s => s.HeapMb), Median(last, s => s.HeapMb));
        var stalls = Stalls(o, checker, sampler);
        var perSecond = Enumerable.Range(o.WarmupSeconds, d - o.WarmupSeconds - 1).Select(s => (double)checker.RequestsIn(s)).ToArray();
        (string Name, bool Pass, string Figure) Memory(string what, (double First, double Last) m)
        {
            var bound = m.First + Math.Max(m.First * o.MemoryBound, o.MemorySlackMb);
            return (string.Create(inv, $"{what} flat: median of the last {window} s <= median of the first {window} s after the {o.WarmupSeconds} s warm-up + max({o.MemoryBound:P0}, {o.MemorySlackMb} MB)"),
                m.Last <= bound, string.Create(inv, $"{m.First:F1} MB -> {m.Last:F1} MB ({m.Last - m.First:+0.0;-0.0} MB, {(m.Last / m.First) - 1:+0.0%;-0.0%}; bound {bound:F1} MB)"));
        }

        var criteria = new List<(string Name, bool Pass, string Figure)>
        {
            ("0 x 5xx", checker.Total("server_error") == 0, $"{checker.Total("server_error")}"),
            ("0 tokens accepted that must be refused", checker.Total("accepted_wrongly") == 0, $"{checker.Total("accepted_wrongly")}"),
            ("every answer the right status and code", checker.Total("wrong_code") + checker.Total("refused_valid") == 0,
                $"wrong_code {checker.Total("wrong_code")}, refused_valid {checker.Total("refused_valid")}"),
            ("every request answered (no transport error, no 10 s time-out)", checker.Total("transport") == 0, $"transport {checker.Total("transport")}"),
            (string.Create(inv, $"no unexplained stall (a second without an answer, outside a planned outage or restart + {StallGraceSeconds} s, while the machine had >= {StarvedIdlePercent} % CPU idle)"),
                stalls.Unexplained.Count == 0,
                string.Create(inv, $"empty seconds {stalls.Planned.Count + stalls.Starved.Count + stalls.Unexplained.Count}: planned {stalls.Planned.Count}, starved {stalls.Starved.Count}, unexplained {stalls.Unexplained.Count}{(stalls.Unexplained.Count == 0 ? "" : " at " + string.Join(' ', stalls.Unexplained.Take(20)))}")),
            (string.Create(inv, $"every revocation applied within {o.RevocationBoundMs} ms"),
                checker.Total("revocation_not_applied") == 0 && lags.Length > 0 && lags[^1] <= o.RevocationBoundMs,
                lags.Length == 0 ? "none" : string.Create(inv, $"{lags.Length} revocations, max {lags[^1]:F1} ms")),
            Memory("anonymous RSS (RssAnon)", rss),
            Memory("managed heap (size at last GC)", heap),
        };
        Line(string.Create(inv, $"whole RSS (VmRSS, reported only): {Median(first, s => s.RssMb):F1} MB -> {Median(last, s => s.RssMb):F1} MB"));
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
        var lines = new List<string> { "second,requests,failures,tolerated,rss_anon_mb,rss_mb,heap_mb,total_memory_mb,server_cpu_pct,machine_idle_pct,event" };
        foreach (var s in sampler.Samples)
        {
            var during = string.Join(" | ", events.Where(e => e.At >= s.Second - 1 && e.At < s.Second).Select(e => e.Event.Replace(',', ';')));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{s.Second},{checker.RequestsIn(s.Second - 1)},{checker.FailuresIn(s.Second - 1)},{checker.ToleratedIn(s.Second - 1)},{s.RssAnonMb:F1},{s.RssMb:F1},{s.HeapMb:F1},{s.TotalMemoryMb:F1},{s.CpuPercent:F0},{s.MachineIdlePercent:F0},{during}"));
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

    /// <summary>A stall second's planned-window grace, and the machine idle CPU below which it counts as starved.</summary>
    private const int StallGraceSeconds = 5;
    private const double StarvedIdlePercent = 20;

    /// <summary>
    /// The seconds without a single answer, sorted: inside a planned event window (the issuer outage, the Redis restart,
    /// each with <see cref="StallGraceSeconds"/> after it), starved (the machine had less than
    /// <see cref="StarvedIdlePercent"/> % CPU idle in that second or the next: the load generator and the server share
    /// it with whatever else runs), or unexplained (the only kind that fails the soak).
    /// </summary>
    private static (List<int> Planned, List<int> Starved, List<int> Unexplained) Stalls(SoakOptions o, Checker checker, Sampler sampler)
    {
        var idle = sampler.Samples.ToDictionary(s => s.Second, s => s.MachineIdlePercent);
        bool Planned(int s) =>
            (s >= o.IssuerOutageAt && s <= o.IssuerOutageAt + o.IssuerOutageSeconds + StallGraceSeconds)
            || (s >= o.RedisRestartAt && s <= o.RedisRestartAt + o.RedisDownSeconds + StallGraceSeconds);

        // Requests sent in [s, s + 1) belong to the sample taken at the end of second s + 1.
        bool Starved(int s) => new[] { s + 1, s + 2 }.Any(k => idle.TryGetValue(k, out var i) && (double.IsNaN(i) || i < StarvedIdlePercent));
        var result = (Planned: new List<int>(), Starved: new List<int>(), Unexplained: new List<int>());
        foreach (var s in Enumerable.Range(2, o.DurationSeconds - 3).Where(s => checker.RequestsIn(s) == 0))
        {
            (Planned(s) ? result.Planned : Starved(s) ? result.Starved : result.Unexplained).Add(s);
        }

        return result;
    }

    private static double Median(List<MemorySample> samples, Func<MemorySample, double> value)
    {
        var sorted = samples.Select(value).Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
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
