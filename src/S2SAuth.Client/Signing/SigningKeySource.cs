using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using S2SAuth.Client.Logging;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Signing;

/// <summary>
/// The current signing key of one client. Loaded when first needed (a failure then throws a message naming the key;
/// start-up validation has already tried the same material). A key file is then read every
/// <see cref="RequestSigningOptions.KeyReloadInterval"/> and compared by content hash: changed content that loads
/// replaces the key for the next request; content that does not (half written, wrong type) keeps the last good key and
/// logs a warning once per content. Replaced keys are not disposed: a request in flight may still be signing with one.
/// </summary>
internal sealed class SigningKeySource : IDisposable
{
    private readonly string _clientName;
    private readonly RequestSigningOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private SignatureKey? _current;
    private byte[]? _lastSeen;

    public SigningKeySource(string clientName, RequestSigningOptions options, TimeProvider time, ILogger logger)
    {
        _clientName = clientName;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The key to sign the next request with.</summary>
    /// <exception cref="InvalidOperationException">The configured key does not load (on first use only).</exception>
    public SignatureKey Current => Volatile.Read(ref _current) ?? LoadFirst();

    /// <summary>Reads the key file and takes changed content that loads. Runs on the reload timer.</summary>
    public void CheckForChange()
    {
        lock (_gate)
        {
            var (bytes, readError) = SigningKeyFiles.Read(_options.PrivateKeyPath!);
            var hash = SHA256.HashData(bytes ?? System.Text.Encoding.UTF8.GetBytes(readError!));
            if (_lastSeen is not null && _lastSeen.AsSpan().SequenceEqual(hash))
            {
                return;
            }

            _lastSeen = hash;
            var (key, error) = bytes is null ? (null, readError) : SigningKeyFiles.FromPem(_options.KeyId!, _options.Algorithm!, bytes);
            if (bytes is not null)
            {
                CryptographicOperations.ZeroMemory(bytes);
            }

            if (key is null)
            {
                Log.SigningKeyReloadFailed(_logger, _clientName, _options.KeyId!, RequestSigningKeys.KeyFor(error!), error!);
                return;
            }

            Volatile.Write(ref _current, key);
            Log.SigningKeyLoaded(_logger, _clientName, _options.KeyId!, key.Algorithm, "file");
        }
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>A timer callback must never throw (it would end the process): anything unexpected keeps the key in use.</summary>
    private void CheckOnTimer()
    {
        try
        {
            CheckForChange();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.SigningKeyReloadFailed(_logger, _clientName, _options.KeyId!, RequestSigningKeys.PrivateKeyPath, "unexpected_" + e.GetType().Name);
        }
    }

    private SignatureKey LoadFirst()
    {
        lock (_gate)
        {
            if (_current is { } loaded)
            {
                return loaded;
            }

            SignatureKey? key;
            string? error;
            if (!string.IsNullOrEmpty(_options.Secret))
            {
                (key, error) = SigningKeyFiles.FromSecret(_options.KeyId!, _options.Secret);
            }
            else
            {
                var (bytes, readError) = SigningKeyFiles.Read(_options.PrivateKeyPath!);
                (key, error) = bytes is null ? (null, readError) : SigningKeyFiles.FromPem(_options.KeyId!, _options.Algorithm!, bytes);
                _lastSeen = bytes is null ? null : SHA256.HashData(bytes);
                if (bytes is not null)
                {
                    CryptographicOperations.ZeroMemory(bytes);
                }
            }

            if (key is null)
            {
                throw new InvalidOperationException($"HttpClient '{_clientName}' cannot sign its requests: " + RequestSigningKeys.Describe(error!, _options.Algorithm));
            }

            Volatile.Write(ref _current, key);
            Log.SigningKeyLoaded(_logger, _clientName, _options.KeyId!, key.Algorithm, string.IsNullOrEmpty(_options.Secret) ? "file" : "secret");
            if (string.IsNullOrEmpty(_options.Secret))
            {
                _timer = _time.CreateTimer(static state => ((SigningKeySource)state!).CheckOnTimer(), this, _options.KeyReloadInterval, _options.KeyReloadInterval);
            }

            return key;
        }
    }
}
