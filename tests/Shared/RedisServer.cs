using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace S2SAuth.Tests.Shared;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, with no persistence, started for a test and stopped with it.
/// <see cref="StopAsync"/> and <see cref="StartAsync()"/> again on the same port simulate an outage and a restart.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    /// <summary>Starts a new server on a free port; waits until it answers.</summary>
    public static async Task<RedisServer> StartNewAsync()
    {
        var server = new RedisServer(FreePort());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (or restarts) the server on <see cref="Port"/>, empty; waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (is it installed? .ci/run installs it).");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var i = 0; i < 200; i++)
        {
            if (await AnswersPingAsync())
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new InvalidOperationException($"redis-server did not answer on 127.0.0.1:{Port} within 5 s.");
    }

    /// <summary>Kills the server (an outage: connected clients see their connection drop).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
