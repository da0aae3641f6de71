using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Logging;

namespace S2SAuth.Client.Certificates;

/// <summary>
/// This service's current client certificate (<c>ServiceAuth:ClientCertificate</c>). Loaded when first needed (a load
/// failure then is an error naming the key; start-up validation has already tried the same files), then both files are
/// read every <see cref="ClientCertificateOptions.ReloadInterval"/> and compared by content hash: a changed pair that
/// loads replaces the certificate for new TLS connections; one that does not (half written, key of another certificate)
/// keeps the last good one and logs a warning once per content. Replaced certificates are not disposed: pooled connections
/// and handlers may still hold them.
/// </summary>
internal sealed class ClientCertificateSource : IDisposable
{
    private readonly ClientCertificateOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private X509Certificate2? _current;
    private byte[]? _lastSeen;

    public ClientCertificateSource(IOptionsMonitor<ServiceTokenClientOptions> options, TimeProvider time, ILogger<ClientCertificateSource> logger)
    {
        _options = options.CurrentValue.ClientCertificate;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether a client certificate is configured.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(_options.CertificatePath);

    /// <summary>The certificate to present on a new connection, or <see langword="null"/> when none is configured.</summary>
    /// <exception cref="InvalidOperationException">The configured files do not load (on first use only).</exception>
    public X509Certificate2? Current
    {
        get
        {
            if (!IsConfigured)
            {
                return null;
            }

            return Volatile.Read(ref _current) ?? LoadFirst();
        }
    }

    /// <summary>The <c>LocalCertificateSelectionCallback</c> of a transport: the current certificate, whatever the server asked for.</summary>
    public X509Certificate? Select(object sender, string targetHost, X509CertificateCollection localCertificates, X509Certificate? remoteCertificate, string[] acceptableIssuers) =>
        Current;

    /// <summary>Reads both files and takes a changed pair that loads. Runs on the reload timer.</summary>
    public void CheckForChange()
    {
        lock (_gate)
        {
            var (certificateBytes, keyBytes, readError) = PemCertificateFiles.Read(_options.CertificatePath!, _options.KeyPath);
            if (readError is not null)
            {
                var marker = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(readError));
                if (_lastSeen is null || !_lastSeen.AsSpan().SequenceEqual(marker))
                {
                    _lastSeen = marker;
                    Log.ClientCertificateReloadFailed(_logger, ClientCertificateKeys.CertificatePath, readError);
                }

                return;
            }

            var hash = PemCertificateFiles.Hash(certificateBytes!, keyBytes!);
            if (_lastSeen is not null && _lastSeen.AsSpan().SequenceEqual(hash))
            {
                return;
            }

            _lastSeen = hash;
            var (certificate, error) = PemCertificateFiles.Load(certificateBytes!, keyBytes!, _time.GetUtcNow());
            if (certificate is null)
            {
                Log.ClientCertificateReloadFailed(_logger, ClientCertificateKeys.KeyFor(error!), error!);
                return;
            }

            Volatile.Write(ref _current, certificate);
            LogLoaded(certificate);
        }
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>A timer callback must never throw (it would end the process): anything unexpected keeps the certificate in use.</summary>
    private void CheckOnTimer()
    {
        try
        {
            CheckForChange();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ClientCertificateReloadFailed(_logger, ClientCertificateKeys.CertificatePath, "unexpected_" + e.GetType().Name);
        }
    }

    private X509Certificate2 LoadFirst()
    {
        lock (_gate)
        {
            if (_current is { } loaded)
            {
                return loaded;
            }

            var (certificateBytes, keyBytes, readError) = PemCertificateFiles.Read(_options.CertificatePath!, _options.KeyPath);
            var (certificate, error) = readError is null
                ? PemCertificateFiles.Load(certificateBytes!, keyBytes!, _time.GetUtcNow())
                : (null, readError);
            if (certificate is null)
            {
                throw new InvalidOperationException(ClientCertificateKeys.Describe(error!));
            }

            _lastSeen = PemCertificateFiles.Hash(certificateBytes!, keyBytes!);
            Volatile.Write(ref _current, certificate);
            LogLoaded(certificate);
            _timer = _time.CreateTimer(static state => ((ClientCertificateSource)state!).CheckOnTimer(), this, _options.ReloadInterval, _options.ReloadInterval);
            return certificate;
        }
    }

    private void LogLoaded(X509Certificate2 certificate)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var notAfter = certificate.NotAfter.ToUniversalTime();
            Log.ClientCertificateLoaded(_logger, certificate.Subject, Convert.ToHexString(SHA256.HashData(certificate.RawData))[..16], notAfter);
        }
    }
}
