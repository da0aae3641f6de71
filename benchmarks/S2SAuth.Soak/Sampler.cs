using System.Diagnostics;
using System.Globalization;

namespace S2SAuth.Soak;

/// <summary>
/// Once a second: the server process's anonymous resident memory (<c>/proc/&lt;pid&gt;/status</c> RssAnon: heap and
/// stacks, without the file mappings of the runtime's and the app's DLLs that VmRSS also counts, which the kernel maps in
/// and out with the page cache), its whole RSS (VmRSS, reported only), its CPU time, the machine's idle CPU
/// (<c>/proc/stat</c>, for telling a starved second from a stalled server), and its managed heap (<c>GET /diag</c>: the
/// heap size at the last GC, and <c>GC.GetTotalMemory(false)</c>).
/// </summary>
internal sealed class Sampler(int pid, int port)
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };

    public List<MemorySample> Samples { get; } = [];

    public async Task WaitForServerAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await _http.GetStringAsync("/diag");
                return;
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    public async Task RunAsync(SoakState state, TimeSpan deadline)
    {
        using var process = Process.GetProcessById(pid);
        var lastCpu = process.TotalProcessorTime;
        var lastAt = state.Elapsed;
        var lastIdle = ReadIdle();
        var second = 1;
        while (second <= deadline.TotalSeconds)
        {
            var wait = second - state.Elapsed;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait));
            }

            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var now = state.Elapsed;
            var (heap, total) = await HeapAsync();
            var idle = ReadIdle();
            var idlePercent = idle.Total > lastIdle.Total ? (idle.Idle - lastIdle.Idle) * 100.0 / (idle.Total - lastIdle.Total) : double.NaN;
            Samples.Add(new MemorySample(second, ReadStatusMb("RssAnon:"), ReadStatusMb("VmRSS:"), heap, total,
                (cpu - lastCpu).TotalSeconds / (now - lastAt) * 100, idlePercent));
            lastIdle = idle;
            (lastCpu, lastAt) = (cpu, now);
            second++;
        }
    }

    private async Task<(double Heap, double Total)> HeapAsync()
    {
        try
        {
            var parts = (await _http.GetStringAsync("/diag")).Split(',');
            return (double.Parse(parts[0], CultureInfo.InvariantCulture) / 1048576, double.Parse(parts[1], CultureInfo.InvariantCulture) / 1048576);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException)
        {
            return (double.NaN, double.NaN);
        }
    }

    /// <summary>The machine's idle and total CPU time (jiffies, all cores) from the first line of /proc/stat.</summary>
    private static (long Idle, long Total) ReadIdle()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return (fields[3] + (fields.Length > 4 ? fields[4] : 0), fields.Sum()); // idle + iowait
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0);
        }
    }

    private double ReadStatusMb(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}

/// <summary>The server's memory and CPU, and the machine's idle CPU (% of all cores), at the end of one second of the run.</summary>
internal sealed record MemorySample(int Second, double RssAnonMb, double RssMb, double HeapMb, double TotalMemoryMb, double CpuPercent, double MachineIdlePercent);
