using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace S2SAuth.Client.Signing;

/// <summary>
/// One <see cref="SigningKeySource"/> per signing client, kept for the container's lifetime so the key survives
/// HttpClientFactory's handler rotation and its reload timer stops with the container.
/// </summary>
internal sealed class SigningKeySources : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<SigningKeySource>> _sources = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<RequestSigningOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SigningKeySources(IOptionsMonitor<RequestSigningOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger("S2SAuth.Client.RequestSigning");
    }

    public SigningKeySource For(string clientName) =>
        _sources.GetOrAdd(clientName, name => new Lazy<SigningKeySource>(() => new SigningKeySource(name, _options.Get(name), _time, _logger))).Value;

    public void Dispose()
    {
        foreach (var source in _sources.Values.Where(s => s.IsValueCreated))
        {
            source.Value.Dispose();
        }
    }
}
