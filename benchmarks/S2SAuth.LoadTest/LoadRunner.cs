using System.Diagnostics;
using System.Globalization;

namespace S2SAuth.LoadTest;

/// <summary>
/// Starts each server in its own process, drives it with wrk on loopback with the same two tokens, and
/// reports requests/s, p50/p99 latency and the server's CPU time per request, then the ratios.
/// Rounds are interleaved (noauth, jwtbearer, s2sauth, noauth, ...) so drift hits all three alike.
/// </summary>
internal static class LoadRunner
{
    private static readonly string[] Modes = ["noauth", "jwtbearer", "s2sauth", "s2sauth-jsonconsole", "s2sauth-jsonfile", "s2sauth-sync"];

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = Option(args, "--duration", 10);
        var connections = Option(args, "--connections", 32);
        var rounds = Option(args, "--rounds", 3);
        if (!WrkIsInstalled())
        {
            Console.Error.WriteLine("wrk is not installed: apt-get install -y wrk");
            return 2;
        }

        var results = Modes.ToDictionary(m => m, _ => new List<Sample>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var mode in Modes)
            {
                var sample = await MeasureAsync(mode, 15000 + Array.IndexOf(Modes, mode), duration, connections);
                results[mode].Add(sample);
                Console.WriteLine($"round {round} {mode,-19} {sample.RequestsPerSecond,10:F0} req/s  p50 {sample.P50Ms,6:F2} ms  p99 {sample.P99Ms,6:F2} ms  cpu {sample.CpuMicrosPerRequest,6:F1} µs/req");
            }
        }

        Report.Print(results, duration, connections, rounds);
        return 0;
    }

    private static async Task<Sample> MeasureAsync(string mode, int port, int duration, int connections)
    {
        using var server = StartServer(mode, port);
        try
        {
            var url = $"http://127.0.0.1:{port}";
            var tokens = await WaitForTokensAsync(url);
            var headers = $"-H \"X-Service-Token: {tokens[0]}\" -H \"Authorization: Bearer {tokens[1]}\"";
            await RunWrkAsync($"-t2 -c{connections} -d5s {headers} {url}/work"); // warm-up: JIT tiers, key fetch, caches
            var cpuBefore = server.TotalProcessorTime;
            var output = await RunWrkAsync($"-t2 -c{connections} -d{duration}s --latency {headers} {url}/work");
            server.Refresh();
            var cpu = server.TotalProcessorTime - cpuBefore;
            return Sample.Parse(output, cpu);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            File.Delete(LoadServer.AuditFile(port));
        }
    }

    private static Process StartServer(string mode, int port)
    {
        // stdout (the JSON log lines) goes to /dev/null: the server pays for writing its logs, as in production, and no
        // process of this machine pays for reading them. exec keeps the server's pid, so its CPU time is the server's own.
        var self = typeof(LoadRunner).Assembly.Location;
        var info = new ProcessStartInfo("/bin/sh", ["-c", $"exec dotnet \"{self}\" serve {mode} {port.ToString(CultureInfo.InvariantCulture)} > /dev/null"])
        {
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[{mode}] {e.Data}"); };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string[]> WaitForTokensAsync(string url)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return (await http.GetFromJsonAsync<string[]>(url + "/tokens"))!;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task<string> RunWrkAsync(string arguments)
    {
        var info = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true };
        using var wrk = Process.Start(info)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    private static bool WrkIsInstalled()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            p!.WaitForExit();
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
