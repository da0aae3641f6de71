using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Logging;
using S2SAuth.Telemetry;

namespace S2SAuth.Keys;

/// <summary>
/// The issuer's signing keys, cached in memory. Parsing is IdentityModel's (discovery and JWKS retrievers);
/// the cache policy is ours because <c>ConfigurationManager</c> takes no <see cref="TimeProvider"/> and
/// refreshes in the background, so a request holding a new <c>kid</c> could not wait for the new keys.
/// Policy: one fetch in flight; fetches at least <see cref="ServiceAuthOptions.KeyRefreshMinInterval"/> apart
/// (scheduled, unknown-kid and retry-after-failure alike); stale keys served while a scheduled refresh runs.
/// A fetch that succeeds is authoritative: its usable keys replace the cached ones, and none usable means no keys.
/// A fetch that fails (unreachable, timeout, error status, unparsable or refused document) keeps the last good keys,
/// but only until <see cref="ServiceAuthOptions.KeyMaxStaleness"/> after their last successful fetch.
/// </summary>
internal sealed class SigningKeyCache
{
    internal const string HttpClientName = "S2SAuth.Metadata";
    private const int MinimumRsaKeySize = 2048;

    private readonly ServiceAuthOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SigningKeyMetrics? _metrics;
    private readonly JwksOriginPolicy _jwksOrigins;
    private readonly Lock _gate = new();
    private SigningKeySnapshot? _current;
    private KeyRefreshFailure? _lastFailure;
    private Task? _inFlight;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private long _version;

    public SigningKeyCache(IOptions<ServiceAuthOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<SigningKeyCache> logger, SigningKeyMetrics? metrics = null)
    {
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
        _time = time;
        _logger = logger;
        _jwksOrigins = new JwksOriginPolicy(_options);
        _metrics = metrics;
        _metrics?.ObserveAge(AgeOfKeysInUse);
    }

    /// <summary>The keys now cached and still within <see cref="ServiceAuthOptions.KeyMaxStaleness"/>, without any fetch.</summary>
    public SigningKeySnapshot? Current => CurrentAt(_time.GetUtcNow());

    /// <summary>The last fetch that failed or brought no usable keys, since the last one that brought keys (read only, for health checks).</summary>
    public KeyRefreshFailure? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>The keys cached at <paramref name="now"/>; keys older than the maximum staleness are dropped (once, logged) and none are answered.</summary>
    public SigningKeySnapshot? CurrentAt(DateTimeOffset now)
    {
        var current = Volatile.Read(ref _current);
        if (current is null || now - current.FetchedAt < _options.KeyMaxStaleness)
        {
            return current;
        }

        if (Interlocked.CompareExchange(ref _current, null, current) == current)
        {
            Log.SigningKeysExpired(_logger, current.Version, now - current.FetchedAt);
        }

        return null;
    }

    /// <summary>
    /// The current keys; starts a background refresh when they are older than the refresh interval.
    /// With no keys yet, waits for a fetch (or answers <see langword="null"/> at once if the last attempt failed too recently).
    /// </summary>
    public async ValueTask<SigningKeySnapshot?> GetAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var current = CurrentAt(now);
        if (current is not null)
        {
            if (now - current.FetchedAt >= _options.KeyRefreshInterval)
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
        if (CurrentAt(now) is { } current && now - current.FetchedAt >= _options.KeyRefreshInterval)
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

    /// <summary>How old the keys in use are, or <see langword="null"/> when none are (read only: the gauge's callback drops nothing).</summary>
    private TimeSpan? AgeOfKeysInUse()
    {
        var age = Volatile.Read(ref _current) is { } keys ? _time.GetUtcNow() - keys.FetchedAt : (TimeSpan?)null;
        return age < _options.KeyMaxStaleness ? age : null;
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
        using var span = ServiceAuthTracing.Start(ServiceAuthTelemetry.RefreshSigningKeysSpan);
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
                // The issuer answered: its key set is authoritative. A withdrawn key must stop verifying now, so an empty
                // (or unusable) set means no keys, and the next set gets a new version, which retires cached verifications.
                Volatile.Write(ref _current, null);
                Volatile.Write(ref _lastFailure, new KeyRefreshFailure("no_usable_keys", _time.GetUtcNow()));
                Log.SigningKeysWithdrawn(_logger, jwks.Keys.Count);
                _metrics?.Fetched("no_usable_keys");
                ServiceAuthTracing.End(span, "failed", "no_usable_keys");
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
            var now = _time.GetUtcNow();
            var previous = CurrentAt(now);
            var snapshot = previous is not null && string.Equals(previous.KeySetFingerprint, fingerprint, StringComparison.Ordinal)
                ? previous.Refetched(now)
                : new SigningKeySnapshot(issuer, keys, algorithms, now, Interlocked.Increment(ref _version), fingerprint);
            Volatile.Write(ref _current, snapshot);
            Volatile.Write(ref _lastFailure, null);
            Log.SigningKeysRefreshed(_logger, keys.Count, snapshot.Version);
            _metrics?.Fetched("ok");
            ServiceAuthTracing.End(span, "ok");
        }
#pragma warning disable CA1031 // A failed fetch of any kind keeps the last good keys (up to KeyMaxStaleness); it is logged by reason code, never by message.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = KeyFetchFailure.Reason(ex);
            Log.SigningKeysRefreshFailed(_logger, reason);
            _metrics?.Fetched("failed", reason);
            ServiceAuthTracing.End(span, "failed", reason);
            var now = _time.GetUtcNow();
            Volatile.Write(ref _lastFailure, new KeyRefreshFailure(reason, now));
            if (CurrentAt(now) is { } kept)
            {
                var age = now - kept.FetchedAt;
                Log.SigningKeysServedStale(_logger, kept.Version, age, _options.KeyMaxStaleness - age);
            }
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
            // Configured by the operator and checked at start-up like the Authority: no origin rule applies.
            var json = await retriever.GetDocumentAsync(jwksUri, cancellationToken).ConfigureAwait(false);
            return (_options.Issuer ?? _options.Authority!, ParseKeySet(json));
        }

        var address = _options.MetadataAddress ?? _options.Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
        var document = await retriever.GetDocumentAsync(address, cancellationToken).ConfigureAwait(false);
        var configuration = OpenIdConnectConfiguration.Create(document);
        if (_options.Issuer is null && !IssuerMatchesAuthority(configuration.Issuer))
        {
            // OpenID Connect Discovery §4.3: the issuer in the document must be the one we asked.
            throw new KeyFetchRefusedException("issuer_mismatch");
        }

        if (!Uri.TryCreate(configuration.JwksUri, UriKind.Absolute, out var keysAddress) || !JwksOriginPolicy.IsHttp(keysAddress))
        {
            throw new KeyFetchRefusedException("jwks_uri_invalid");
        }

        if (!_jwksOrigins.Allows(keysAddress))
        {
            // Keys from anywhere the document names would let whoever controls the document's answer pick the keys.
            Log.JwksUriRefused(_logger, JwksOriginPolicy.Origin(keysAddress));
            throw new KeyFetchRefusedException("jwks_uri_not_allowed");
        }

        var keys = await retriever.GetDocumentAsync(keysAddress.AbsoluteUri, cancellationToken).ConfigureAwait(false);
        return (_options.Issuer ?? configuration.Issuer, ParseKeySet(keys));
    }

    /// <summary>RFC 7517 §5: a JWK Set is a JSON object whose <c>keys</c> member, an array, is required; anything else is unparsable, not empty.</summary>
    private static JsonWebKeySet ParseKeySet(string json)
    {
        using (var document = JsonDocument.Parse(json))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys)
                || keys.ValueKind != JsonValueKind.Array)
            {
                throw new KeyFetchRefusedException("invalid_document");
            }
        }

        return new JsonWebKeySet(json);
    }

    private bool IssuerMatchesAuthority(string? issuer) =>
        (issuer is not null && string.Equals(issuer.TrimEnd('/'), _options.Authority!.TrimEnd('/'), StringComparison.Ordinal))
        || (_options.Profile == IdentityProviderProfile.EntraId && Profiles.EntraIssuers.IssuerFitsAuthority(issuer, _options.Authority!));
}
