using OpenIddict.Server;

namespace AuthService.Logging;

/// <summary>
/// OpenIddict puts whole tokens in some of its Trace/Debug events ("A new '...access_token' JSON Web Token was
/// successfully created: {Payload}", "The token '{Token}' was successfully validated...", ...). A token in a log is
/// a usable credential, so this logger, registered in place of <c>ILogger&lt;OpenIddictServerDispatcher&gt;</c>,
/// rewrites every event that has a <c>Token</c> or <c>Payload</c> value with that value redacted, whatever the
/// configured log levels; all other events pass through unchanged.
/// </summary>
internal sealed class OpenIddictDispatcherLogger(ILoggerFactory factory) : ILogger<OpenIddictServerDispatcher>
{
    private readonly ILogger _inner = factory.CreateLogger(typeof(OpenIddictServerDispatcher).FullName!);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values && RedactedLogState.NeedsRedaction(values))
        {
            _inner.Log(logLevel, eventId, new RedactedLogState(values), exception, static (s, _) => s.ToString());
            return;
        }

        _inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
