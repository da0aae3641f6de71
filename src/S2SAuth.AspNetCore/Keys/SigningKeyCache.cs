using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Logging;

namespace S2SAuth.Keys;

/// <summary>
/// The issuer's signing keys, cached in memory. Parsing is IdentityModel's (discovery and JWKS retrievers);
/// the cache policy is ours because <c>ConfigurationManager</c> takes no <see cref="TimeProvider"/> and
/// refreshes in the background, so a request holding a new <c>kid</c> could not wait for the new keys.
/// Policy: one fetch in flight; fetches at least <see cref="ServiceAuthOptions.KeyRefreshMinInterval"/> apart
/// (scheduled, unknown-kid and retry-after-failure alike); stale keys served while a scheduled refresh runs;
/// the last good keys kept while the issuer is down.
/// </summary>
internal sealed class SigningKeyCache
{
    internal const string HttpClientName = "S2SAuth.Metadata";
    private const int MinimumRsaKeySize = 2048;

    private readonly ServiceAuthOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private SigningKeySnapshot? _current;
    private Task? _inFlight;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private long _version;

    public SigningKeyCache(IOptions<ServiceAuthOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<SigningKeyCache> logger)
    {
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
        _time = time;
        _logger = logger;
    }

    /// <summary>The keys now cached, without any fetch.</summary>
    public SigningKeySnapshot? Current => Volatile.Read(ref _current);

    /// <summary>
    /// The current keys; starts a background refresh when they are older than the refresh interval.
    /// With no keys yet, waits for a fetch (or answers <see langword="null"/> at once if the last attempt failed too recently).
    /// </summary>
    public async ValueTask<SigningKeySnapshot?> GetAsync(CancellationToken cancellationToken)
    {
        var current = Current;
        if (current is not null)
        {
            if (_time.GetUtcNow() - current.FetchedAt >= _options.KeyRefreshInterval)
            {
                _ = TryStartFetch();
            }

            return current;
        }

        await WaitAsync(TryStartFetch(), cancellationToken).ConfigureAwait(false);
        return Current;
    }

    /// <summary>Starts a background refresh when the current keys are older than the refresh interval (a verified-token cache hit calls it, as it needs no keys).</summary>
    public void RefreshIfDue(DateTimeOffset now)
    {
        if (Current is { } current && now - current.FetchedAt >= _options.KeyRefreshInterval)
        {
            _ = TryStartFetch();
        }
    }

    /// <summary>A token named an unknown <c>kid</c>: fetch again if allowed by the rate limit (or join the fetch in flight).</summary>
    public async ValueTask<SigningKeySnapshot?> RefreshForUnknownKeyAsync(CancellationToken cancellationToken)
    {
        await WaitAsync(TryStartFetch(), cancellationToken).ConfigureAwait(false);
        return Current;
    }

    private static async Task WaitAsync(Task? fetch, CancellationToken cancellationToken)
    {
        if (fetch is not null)
        {
            await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Task? TryStartFetch()
    {
        lock (_gate)
        {
            if (_inFlight is not null)
            {
                return _inFlight;
            }

            var now = _time.GetUtcNow();
            if (now - _lastAttempt < _options.KeyRefreshMinInterval)
            {
                return null;
            }

            _lastAttempt = now;
            _inFlight = Task.Run(FetchAsync);
            return _inFlight;
        }
    }

    private async Task FetchAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.MetadataTimeout, _time);
            var (issuer, jwks) = await RetrieveAsync(timeout.Token).ConfigureAwait(false);
            var keys = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
            foreach (var key in jwks.GetSigningKeys())
            {
                if (!string.IsNullOrEmpty(key.KeyId) && !IsTooWeak(key))
                {
                    keys[key.KeyId] = key;
                }
            }

            if (keys.Count == 0)
            {
                Log.SigningKeysRefreshFailed(_logger, "no_signing_keys");
                return;
            }

            var algorithms = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var jwk in jwks.Keys)
            {
                if (!string.IsNullOrEmpty(jwk.Kid) && !string.IsNullOrEmpty(jwk.Alg))
                {
                    algorithms[jwk.Kid] = jwk.Alg;
                }
            }

            // The version changes only when the key set does, so caches keyed on it survive a refresh that changed nothing.
            var fingerprint = SigningKeySnapshot.Fingerprint(issuer, keys, algorithms, jwks);
            var previous = Current;
            var snapshot = previous is not null && string.Equals(previous.KeySetFingerprint, fingerprint, StringComparison.Ordinal)
                ? previous.Refetched(_time.GetUtcNow())
                : new SigningKeySnapshot(issuer, keys, algorithms, _time.GetUtcNow(), Interlocked.Increment(ref _version), fingerprint);
            Volatile.Write(ref _current, snapshot);
            Log.SigningKeysRefreshed(_logger, keys.Count, snapshot.Version);
        }
#pragma warning disable CA1031 // A failed fetch of any kind keeps the last good keys; it is logged by type, never by message.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.SigningKeysRefreshFailed(_logger, ex.GetType().Name);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight = null;
            }
        }
    }

    /// <summary>RFC 7518 §3.3 and §3.5: RSA keys for RS*/PS* must be at least 2048 bits; shorter ones are never trusted.</summary>
    private static bool IsTooWeak(SecurityKey key) => key switch
    {
        JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.RSA } jwk => jwk.KeySize < MinimumRsaKeySize,
        RsaSecurityKey rsa => rsa.KeySize < MinimumRsaKeySize,
        X509SecurityKey x509 => x509.PublicKey is System.Security.Cryptography.RSA && x509.KeySize < MinimumRsaKeySize,
        _ => false,
    };

    private async Task<(string Issuer, JsonWebKeySet Keys)> RetrieveAsync(CancellationToken cancellationToken)
    {
        var http = _httpClientFactory.CreateClient(HttpClientName);
        var retriever = new MetadataDocumentRetriever(http, _options.RequireHttpsMetadata);
        if (_options.JwksUri is { Length: > 0 } jwksUri)
        {
            var json = await retriever.GetDocumentAsync(jwksUri, cancellationToken).ConfigureAwait(false);
            return (_options.Issuer ?? _options.Authority!, new JsonWebKeySet(json));
        }

        var address = _options.MetadataAddress ?? _options.Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancellationToken).ConfigureAwait(false);
        if (_options.Issuer is null && !IssuerMatchesAuthority(configuration.Issuer))
        {
            // OpenID Connect Discovery §4.3: the issuer in the document must be the one we asked.
            throw new InvalidOperationException("The discovery document names another issuer than the configured Authority.");
        }

        return (_options.Issuer ?? configuration.Issuer, configuration.JsonWebKeySet);
    }

    private bool IssuerMatchesAuthority(string? issuer) =>
        issuer is not null && string.Equals(issuer.TrimEnd('/'), _options.Authority!.TrimEnd('/'), StringComparison.Ordinal);
}
