using BenchmarkDotNet.Running;
using S2SAuth.Benchmarks.Framework;

// Runs any benchmark class of this assembly, e.g.
//   dotnet run -c Release --project benchmarks/S2SAuth.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/S2SAuth.Benchmarks -- --filter '*TokenPair*' --profiler EP
// Columns: mean, median, min, max (the range over measured iterations), ratio to the baseline, allocations.
// The allocation profile of the request path, step by step (no timing):
//   dotnet run -c Release --project benchmarks/S2SAuth.Benchmarks -- alloc
if (args is ["alloc"])
{
    await AllocationProbe.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchConfig.Create());
