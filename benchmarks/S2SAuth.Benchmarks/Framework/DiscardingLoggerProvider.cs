using Microsoft.Extensions.Logging;

namespace S2SAuth.Benchmarks.Framework;

/// <summary>
/// A logger provider that is enabled (the filters decide the levels) and drops every event without formatting it:
/// benchmarks then pay what S2SAuth does to emit an audit event (checks, event object, structured state), not what a
/// particular sink (console, OpenTelemetry, Serilog) spends rendering and shipping it. The load test uses a real sink.
/// </summary>
public sealed class DiscardingLoggerProvider : ILoggerProvider
{
    private long _events;

    public long Events => Interlocked.Read(ref _events);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(DiscardingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Interlocked.Increment(ref owner._events);
    }
}
