using S2SAuth.Soak;

// dotnet run -c Release --project benchmarks/S2SAuth.Soak -- [--minutes 6] [--concurrency 8] [--rotation-seconds 30]
//     [--issuer-outage-at 90] [--issuer-outage-seconds 60] [--redis-restart-at 234] [--redis-down-seconds 5]
//     [--revocation-every 3] [--revocation-bound-ms 2000] [--warmup-seconds 60] [--out artifacts/soak]
//   runs the soak (redis-server, issuer, the service in its own process, load, events, checker) and exits 1 when a
//   criterion fails. docs/benchmarks.md, "Soak (issue 19)".
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
