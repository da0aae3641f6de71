using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using S2SAuth.Testing;
using S2SAuth.Tests.Shared;

namespace S2SAuth.Soak;

/// <summary>
/// The soak: a real redis-server, a <see cref="TestIssuer"/> on a fixed port, the service (<see cref="SoakServer"/>) in its
/// own process; request loops for the whole run; on a schedule, key rotations, an issuer outage, a Redis restart, and a
/// stream of revocations; a sample per second. Then <see cref="SoakReport"/> judges the criteria.
/// </summary>
internal static class SoakRunner
{
    public static async Task<int> RunAsync(SoakOptions o)
    {
        if (IsListening(o.IssuerPort) || IsListening(o.ServerPort))
        {
            Console.Error.WriteLine($"port {o.IssuerPort} or {o.ServerPort} is taken: pass --issuer-port / --server-port");
            return 2;
        }

        Directory.CreateDirectory(o.Out);
        await using var redis = await RedisServer.StartNewAsync();
        await using var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { Port = o.IssuerPort, TokenLifetime = o.TokenLifetime });
        await using var publisherServices = new ServiceCollection().AddLogging()
            .AddRedisRevocationPublisher(r => r.Configuration = redis.ConnectionString).BuildServiceProvider();
        var publisher = publisherServices.GetRequiredService<IRevocationService>();

        // The issuer's first key signs; the next one is published a rotation ahead of use.
        var state = new SoakState(issuer, issuer.CurrentKey);
        var keys = new IssuerKeys(state, o);
        using var server = StartServer(o, issuer.Authority, redis.ConnectionString);
        var sampler = new Sampler(server.Id, o.ServerPort);
        try
        {
            await sampler.WaitForServerAsync();
            state.StartClock();
            var checker = new Checker(o.DurationSeconds, TimeSpan.FromMilliseconds(o.RevocationBoundMs), state.StartTimestamp);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency + 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                Timeout = TimeSpan.FromSeconds(10),
            };
            var client = new SoakClient(http, checker, o.ServerPort);
            state.Event($"start: {o.Concurrency} loops, {o.DurationSeconds} s, server pid {server.Id}, issuer {issuer.Authority}, redis port {redis.Port}");

            var deadline = TimeSpan.FromSeconds(o.DurationSeconds);
            var tasks = new List<Task>();
            for (var i = 0; i < o.Concurrency; i++)
            {
                var seed = i;
                tasks.Add(Task.Run(() => LoopAsync(state, client, deadline, seed)));
            }

            tasks.Add(Task.Run(() => keys.RunAsync(deadline)));
            tasks.Add(Task.Run(() => RedisEventsAsync(state, redis, o, deadline)));
            tasks.Add(Task.Run(() => new RevocationStream(state, publisher, client, checker, o).RunAsync(deadline)));
            var sampling = Task.Run(() => sampler.RunAsync(state, deadline));
            await Task.WhenAll(tasks);
            await sampling;
            state.Event("stop");
            return SoakReport.Write(o, state, checker, sampler);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task LoopAsync(SoakState state, SoakClient client, TimeSpan deadline, int seed)
    {
        var random = new Random(seed);
        while (state.Elapsed < deadline.TotalSeconds)
        {
            var kind = Expectations.Pick(random);
            var request = kind == RequestKind.Revoked
                ? state.PickRevoked(random) ?? state.Pool.Pick(RequestKind.Valid, random)
                : state.Pool.Pick(kind, random);
            await client.SendAsync(request);
        }
    }

    private static async Task RedisEventsAsync(SoakState state, RedisServer redis, SoakOptions o, TimeSpan deadline)
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, o.RedisRestartAt - state.Elapsed)));
        if (state.Elapsed >= deadline.TotalSeconds)
        {
            return;
        }

        await redis.StopAsync();
        state.Event("redis-server killed");
        await Task.Delay(TimeSpan.FromSeconds(o.RedisDownSeconds));
        await redis.StartAsync();
        state.Event($"redis-server started again on port {redis.Port.ToString(CultureInfo.InvariantCulture)}, empty");
    }

    private static Process StartServer(SoakOptions o, string authority, string redis)
    {
        // exec keeps the server's pid (its RSS and CPU are read from /proc); audit lines (stdout) go to /dev/null, warnings
        // and errors (stderr) to server.log.
        var self = typeof(SoakRunner).Assembly.Location;
        var log = Path.GetFullPath(Path.Combine(o.Out, "server.log"));
        var command = $"exec dotnet \"{self}\" serve {authority} \"{redis}\" {o.ServerPort.ToString(CultureInfo.InvariantCulture)} > /dev/null 2> \"{log}\"";
        var info = new ProcessStartInfo("/bin/sh", ["-c", command]);
        info.Environment["DOTNET_gcServer"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
    }

    /// <summary>Whether something listens on a loopback port (the fixed ports must be free before the run).</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var socket = new TcpClient();
            socket.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
