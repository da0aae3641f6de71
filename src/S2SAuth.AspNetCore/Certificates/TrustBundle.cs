using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Logging;

namespace S2SAuth.Certificates;

/// <summary>
/// The internal CA certificates client certificates must chain to, from the PEM file
/// <c>ServiceAuth:Certificates:TrustBundlePath</c> (never the machine's store). Read at start, then checked every
/// <c>ReloadInterval</c> on a timer (never on a request): a changed file replaces the bundle and bumps its version, so
/// validations cached under the old one are made again; a file that cannot be read or holds no CA certificate keeps the
/// last good bundle. Content is compared, not timestamps, so a Kubernetes secret's symlink swap is seen.
/// </summary>
internal sealed class TrustBundle : IDisposable
{
    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private readonly Lock _gate = new();
    private TrustBundleSnapshot? _current;
    private byte[] _contentHash = [];

    public TrustBundle(IOptions<ServiceAuthOptions> options, TimeProvider time, ILogger<TrustBundle> logger)
    {
        _logger = logger;
        _path = options.Value.Certificates.TrustBundlePath is { Length: > 0 } path ? path : null;
        if (_path is null)
        {
            return;
        }

        Reload();
        var interval = options.Value.Certificates.ReloadInterval;
        _timer = time.CreateTimer(_ => Reload(), null, interval, interval);
    }

    /// <summary>The bundle in force, or <see langword="null"/> when none is configured or none could ever be read.</summary>
    public TrustBundleSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>Reads the file again; replaces the bundle if its content changed and holds CA certificates.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(_path!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.TrustBundleReloadFailed(_logger, ex.GetType().Name);
                return;
            }

            var hash = SHA256.HashData(content);
            if (hash.AsSpan().SequenceEqual(_contentHash))
            {
                return;
            }

            var snapshot = TrustBundleSnapshot.Parse(content, (_current?.Version ?? 0) + 1, out var reason);
            if (snapshot is null)
            {
                Log.TrustBundleReloadFailed(_logger, reason!);
                return;
            }

            _contentHash = hash;
            Volatile.Write(ref _current, snapshot);
            Log.TrustBundleLoaded(_logger, snapshot.Roots.Count, snapshot.Intermediates.Count, snapshot.Version);
        }
    }

    public void Dispose() => _timer?.Dispose();
}

/// <summary>One version of the trust bundle: its self-signed roots (the chain's custom trust) and intermediates.</summary>
internal sealed class TrustBundleSnapshot
{
    private TrustBundleSnapshot(X509Certificate2Collection roots, X509Certificate2Collection intermediates, long version)
    {
        Roots = roots;
        Intermediates = intermediates;
        Version = version;
    }

    public X509Certificate2Collection Roots { get; }

    public X509Certificate2Collection Intermediates { get; }

    public long Version { get; }

    /// <summary>The CA certificates of a PEM text, or <see langword="null"/> and why: not PEM, or no CA certificate in it.</summary>
    public static TrustBundleSnapshot? Parse(byte[] pem, long version, out string? reason)
    {
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(System.Text.Encoding.ASCII.GetString(pem));
        }
        catch (CryptographicException)
        {
            reason = "not a PEM file of certificates";
            return null;
        }

        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (!IsCertificateAuthority(certificate))
            {
                continue; // a leaf in a trust bundle is ignored: only CAs anchor trust
            }

            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? roots : intermediates).Add(certificate);
        }

        reason = all.Count == 0 ? "not a PEM file of certificates" : roots.Count == 0 ? "no self-signed CA certificate in the file" : null;
        return roots.Count == 0 ? null : new TrustBundleSnapshot(roots, intermediates, version);
    }

    private static bool IsCertificateAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
}
