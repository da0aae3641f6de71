using S2SAuth.LoadTest;

// dotnet run -c Release --project benchmarks/S2SAuth.LoadTest -- [--duration 10] [--connections 32] [--rounds 3]
//   runs the three servers one after another against wrk and prints the comparison.
// dotnet run -c Release --project benchmarks/S2SAuth.LoadTest -- serve <noauth|jwtbearer|s2sauth|s2sauth-jsonconsole|s2sauth-jsonfile|s2sauth-sync> <port>
//   runs one server (used by the runner).
return args is ["serve", var mode, var port]
    ? await LoadServer.RunAsync(mode, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture))
    : await LoadRunner.RunAsync(args);
