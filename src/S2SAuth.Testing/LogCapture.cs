using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace S2SAuth.Testing;

/// <summary>
/// Captures every log line of a host at every level (formatted message, structured values, scopes, exceptions), so a
/// test can prove that no token or secret reaches the logs.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>The captured lines, in order.</summary>
    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>All text of all entries: messages, values, scopes and exceptions.</summary>
    public string AllText() => string.Join('\n', Entries.Select(e => e.ToString()));

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? string.Empty), scopes);
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            owner.Entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception),
                values.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()), scopes, exception?.ToString()));
        }
    }
}

/// <summary>One captured log line.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, string?> Values, IReadOnlyList<string> Scopes, string? Exception)
{
    /// <summary>All the line's text on one line.</summary>
    public override string ToString() =>
        $"{Category} {Level} {EventId} {Message} {string.Join(' ', Values.Select(v => v.Key + "=" + v.Value))} {string.Join(' ', Scopes)} {Exception}";
}
