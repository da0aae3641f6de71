using BenchmarkDotNet.Running;
using S2SAuth.Benchmarks.Framework;

// Runs any benchmark class of this assembly, e.g.
//   dotnet run -c Release --project benchmarks/S2SAuth.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/S2SAuth.Benchmarks -- --filter '*TokenPair*' --profiler EP
// Columns: mean, median, min, max (the range over measured iterations), ratio to the baseline, allocations.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchConfig.Create());
