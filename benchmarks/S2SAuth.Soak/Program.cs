using S2SAuth.Soak;

// dotnet run -c Release --project benchmarks/S2SAuth.Soak -- [--minutes 6] [--concurrency 8] [--rotation-seconds 30]
//     [--issuer-outage-at 90] [--issuer-outage-seconds 60] [--redis-restart-at 234] [--redis-down-seconds 5]
//     [--revocation-every 3] [--revocation-bound-ms 2000] [--warmup-seconds 60] [--out artifacts/soak]
//   runs the soak (redis-server, issuer, the service in its own process, load, events, checker) and exits 1 when a
//   criterion fails. docs/benchmarks.md, "Soak (issue 19)".
//
// Pass criteria (each printed with its measured value and PASS/FAIL; exit 1 when any fails):
//   hard: 0 x 5xx; 0 tokens accepted that must be refused; every answer the right status and code; no transport error
//     (connection error or 10 s time-out); every revocation applied within --revocation-bound-ms.
//   stalls: a second with no answer at all fails the run only when it is unexplained: not inside a planned window (the
//     issuer outage, the Redis restart, each plus 5 s) and the machine had >= 20 % CPU idle in that second and the next
//     (/proc/stat). Planned and starved empty seconds are counted and printed, not failed: on a small shared box another
//     process can take every core for a second.
//   memory: the server's anonymous resident memory (RssAnon in /proc/<pid>/status: heap and stacks; VmRSS also counts
//     the file mappings of the DLLs, which come and go with the page cache, so it is only reported) and its managed heap
//     (size at the last GC): the median of the last minute must not exceed the median of the first minute after the
//     warm-up by more than --memory-bound (10 %) or --memory-slack-mb (16 MB), whichever is larger. A run shorter than
//     warm-up + 2 minutes compares halves of what follows the warm-up instead of minutes.
// dotnet <S2SAuth.Soak.dll> serve <authority> <redis> <port>
//   runs the service under test (used by the soak).
if (args is ["serve", var authority, var redis, var port])
{
    return await SoakServer.RunAsync(authority, redis, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
}

if (SoakOptions.Parse(args) is not { } options)
{
    return 2;
}

return await SoakRunner.RunAsync(options);
