using BenchmarkDotNet.Running;

// Runs any benchmark class of this assembly: dotnet run -c Release -- --filter '*ClassName*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
