using System.Runtime.InteropServices;
using Demo;

// dotnet run --project samples/Demo [-- --verbose] [-- --trace]
using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await DemoRunner.RunAsync(Console.Out, verbose: args.Contains("--verbose"), stop.Token, trace: args.Contains("--trace"));

// Ctrl+C or a termination request: cancel the scenarios, then RunAsync stops every server before the process ends.
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
