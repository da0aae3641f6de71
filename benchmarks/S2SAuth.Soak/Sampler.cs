using System.Diagnostics;
using System.Globalization;

namespace S2SAuth.Soak;

/// <summary>
/// Once a second: the server process's RSS (<c>/proc/&lt;pid&gt;/status</c> VmRSS), its CPU time, and its managed heap
/// (<c>GET /diag</c>: the heap size at the last GC, and <c>GC.GetTotalMemory(false)</c>).
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
            Samples.Add(new MemorySample(second, ReadRssMb(), heap, total, (cpu - lastCpu).TotalSeconds / (now - lastAt) * 100));
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

    private double ReadRssMb()
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}

/// <summary>The server's memory and CPU at the end of one second of the run.</summary>
internal sealed record MemorySample(int Second, double RssMb, double HeapMb, double TotalMemoryMb, double CpuPercent);
