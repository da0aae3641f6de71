using System.Globalization;

namespace S2SAuth.Soak;

/// <summary>The soak's settings, from the command line (every option has a default; times in seconds unless named).</summary>
internal sealed record SoakOptions
{
    public double Minutes { get; init; } = 6;
    public int Concurrency { get; init; } = 8;
    public int RotationSeconds { get; init; } = 30;
    public int IssuerOutageAt { get; init; } = -1;
    public int IssuerOutageSeconds { get; init; } = 60;
    public int RedisRestartAt { get; init; } = -1;
    public int RedisDownSeconds { get; init; } = 5;
    public double RevocationEvery { get; init; } = 3;
    public int RevocationBoundMs { get; init; } = 2000;
    public int WarmupSeconds { get; init; } = 60;
    public double MemoryBound { get; init; } = 0.10;
    public double MemorySlackMb { get; init; } = 16;
    public int IssuerPort { get; init; } = 18950;
    public int ServerPort { get; init; } = 18951;
    public string Out { get; init; } = "artifacts/soak";

    public int DurationSeconds => (int)Math.Round(Minutes * 60);

    /// <summary>Token lifetime: long enough that a token minted just before a rotation outlives its use.</summary>
    public TimeSpan TokenLifetime => TimeSpan.FromSeconds(Math.Max(120, 4 * RotationSeconds));

    public static SoakOptions? Parse(string[] args)
    {
        var o = new SoakOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help" || i + 1 >= args.Length)
            {
                Console.Error.WriteLine(Usage);
                return null;
            }

            var value = args[++i];
            double Number() => double.Parse(value, CultureInfo.InvariantCulture);
            o = name switch
            {
                "--minutes" => o with { Minutes = Number() },
                "--concurrency" => o with { Concurrency = (int)Number() },
                "--rotation-seconds" => o with { RotationSeconds = (int)Number() },
                "--issuer-outage-at" => o with { IssuerOutageAt = (int)Number() },
                "--issuer-outage-seconds" => o with { IssuerOutageSeconds = (int)Number() },
                "--redis-restart-at" => o with { RedisRestartAt = (int)Number() },
                "--redis-down-seconds" => o with { RedisDownSeconds = (int)Number() },
                "--revocation-every" => o with { RevocationEvery = Number() },
                "--revocation-bound-ms" => o with { RevocationBoundMs = (int)Number() },
                "--warmup-seconds" => o with { WarmupSeconds = (int)Number() },
                "--memory-bound" => o with { MemoryBound = Number() },
                "--memory-slack-mb" => o with { MemorySlackMb = Number() },
                "--issuer-port" => o with { IssuerPort = (int)Number() },
                "--server-port" => o with { ServerPort = (int)Number() },
                "--out" => o with { Out = value },
                _ => null!,
            };
            if (o is null)
            {
                Console.Error.WriteLine($"unknown option {name}\n{Usage}");
                return null;
            }
        }

        // Events default to fixed fractions of the run: the issuer outage at 25 %, the Redis restart at 65 %.
        if (o.IssuerOutageAt < 0)
        {
            o = o with { IssuerOutageAt = o.DurationSeconds / 4 };
        }

        if (o.RedisRestartAt < 0)
        {
            o = o with { RedisRestartAt = o.DurationSeconds * 65 / 100 };
        }

        if (o.WarmupSeconds * 2 >= o.DurationSeconds)
        {
            Console.Error.WriteLine("--warmup-seconds must be less than half the run");
            return null;
        }

        return o;
    }

    private const string Usage = """
        usage: dotnet run -c Release --project benchmarks/S2SAuth.Soak -- [options]
          --minutes 6                 run length
          --concurrency 8             request loops (HttpClient, keep-alive)
          --rotation-seconds 30       issuer key rotation period
          --issuer-outage-at T        issuer stopped at T s (default: 25 % of the run) ...
          --issuer-outage-seconds 60  ... for this long, then restarted at the same address with the same keys
          --redis-restart-at T        redis-server killed at T s (default: 65 % of the run) ...
          --redis-down-seconds 5      ... and started again on the same port, empty, after this long
          --revocation-every 3        seconds between two revocations published through Redis
          --revocation-bound-ms 2000  propagation bound: a revoked token accepted later than this is a failure
          --warmup-seconds 60         excluded from the memory criterion
          --memory-bound 0.10         RssAnon and managed heap: the median of the last minute may exceed the median of the
          --memory-slack-mb 16          first minute after the warm-up by this fraction or this many MB, whichever is larger
          --issuer-port 18950, --server-port 18951   fixed loopback ports (below the ephemeral range)
          --out artifacts/soak        samples.csv, events.csv, failures.csv, summary.txt, soak.png, server.log
        """;
}
