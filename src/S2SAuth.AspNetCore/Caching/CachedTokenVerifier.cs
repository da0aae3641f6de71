using Microsoft.Extensions.Logging;
using S2SAuth.Introspection;
using S2SAuth.Keys;
using S2SAuth.Logging;
using S2SAuth.Revocation;
using S2SAuth.Spiffe;
using S2SAuth.Telemetry;
using S2SAuth.Verification;

namespace S2SAuth.Caching;

/// <summary>
/// Verifies one token of a request, with the <see cref="VerifiedTokenCache"/> in front of the <see cref="TokenVerifier"/>:
/// <list type="number">
/// <item>a hit (same token, same kind, same signing-key set, before the entry's expiry), or else the full verification,
/// whose success is cached (failures never are);</item>
/// <item>then the revocation state (when <c>AddRevocation()</c> is on), a direct in-memory lookup on every request, hit or
/// miss: a revoked token is never added to the cache, and a cached one is dropped when found revoked;</item>
/// <item>then the <see cref="ITokenCheck"/>s, on every request, hit or miss: their answers are never cached.</item>
/// </list>
/// With JWT-SVIDs on (<c>ServiceAuth:Spiffe:JwtBundles</c>), a service token that misses the cache and whose unverified
/// <c>sub</c> is a SPIFFE ID is verified by the <see cref="SpiffeJwtVerifier"/> instead, and cached in that verifier's own
/// cache, keyed on the SPIFFE bundles' version (this cache is keyed on the issuer's keys); revocation and the checks
/// apply the same. A JWT-SVID sent as the user token is refused (<c>token_type_invalid</c>).
/// </summary>
internal sealed class CachedTokenVerifier
{
    private readonly TokenVerifier _verifier;
    private readonly VerifiedTokenCache _cache;
    private readonly SigningKeyCache _keys;
    private readonly ITokenCheck[] _checks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RevocationCheck? _revocations;
    private readonly ReferenceTokenVerifier? _reference;
    private readonly SpiffeJwtVerifier? _svid;
    private readonly CacheMetrics? _metrics;

    public CachedTokenVerifier(TokenVerifier verifier, VerifiedTokenCache cache, SigningKeyCache keys, IEnumerable<ITokenCheck> checks, TimeProvider time, ILogger<CachedTokenVerifier> logger,
        RevocationCheck? revocations = null, ReferenceTokenVerifier? reference = null, SpiffeJwtVerifier? svid = null, CacheMetrics? metrics = null)
    {
        _metrics = metrics;
        _svid = svid is { Enabled: true } ? svid : null;
        _reference = reference is { Enabled: true } ? reference : null;
        _revocations = revocations;
        _logger = logger;
        _verifier = verifier;
        _cache = cache;
        _keys = keys;
        _checks = [.. checks];
        _time = time;
    }

    /// <summary>Verifies <paramref name="raw"/> (a token, or a slice of a header holding one) as a <paramref name="kind"/> token.</summary>
    public async ValueTask<VerificationResult> VerifyAsync(ReadOnlyMemory<char> raw, TokenKind kind, CancellationToken cancellationToken)
    {
        // Step 1: the cached verification, or the full one.
        var now = _time.GetUtcNow();
        var keys = _keys.CurrentAt(now);
        VerificationResult result;
        if (keys is not null && _cache.TryGet(raw.Span, kind, keys.Version, now.UtcTicks, out var cached))
        {
            _metrics?.TokenLookup(kind, hit: true);
            _keys.RefreshIfDue(now);
            result = VerificationResult.Ok(cached.Verified, cached.KeySetVersion);
            if (_revocations is not null && _revocations.Refuses(cached.Verified.Info, now.UtcTicks, out var refusal))
            {
                _cache.Remove(raw.ToString());
                return refusal;
            }
        }
        else if (_svid is not null && _svid.TryGetCached(raw.Span, kind, now, out var cachedSvid))
        {
            _metrics?.TokenLookup(kind, hit: true);
            result = VerificationResult.Ok(cachedSvid, 0);
            if (_revocations is not null && _revocations.Refuses(cachedSvid.Info, now.UtcTicks, out var refusal))
            {
                _svid.Uncache(cachedSvid.Token);
                return refusal;
            }
        }
        else
        {
            _metrics?.TokenLookup(kind, hit: false);
            using var span = ServiceAuthTracing.Start(ServiceAuthTelemetry.VerifyTokenSpan);
            span?.SetTag(ServiceAuthTelemetry.TokenKindTag, kind == TokenKind.Service ? "service" : "user");
            var svid = false;
            var reference = false;
            if (_svid is not null && _svid.TryClaim(raw, out var jws, out var text))
            {
                if (kind != TokenKind.Service)
                {
                    return VerificationResult.Fail(AuthErrorCodes.TokenTypeInvalid, "A SPIFFE JWT-SVID was sent as the user token.", "sub");
                }

                result = await _svid.VerifyAsync(jws, text, cancellationToken).ConfigureAwait(false);
                svid = true;
            }
            else
            {
                result = await _verifier.VerifyAsync(raw, kind, cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded && result.IsNotAJws && _reference is not null)
                {
                    // A reference (opaque) token: introspected (the introspection cache is its cache), never put in the
                    // verified-token cache, so nothing outlives the introspection answer. Revocation and checks run below.
                    result = await _reference.VerifyAsync(raw.ToString(), kind, cancellationToken).ConfigureAwait(false);
                    reference = true;
                }
            }

            if (!result.Succeeded)
            {
                ServiceAuthTracing.End(span, "refused", result.ErrorCode);
                return result;
            }

            var verifiedAt = _time.GetUtcNow().UtcTicks;
            if (_revocations is not null && _revocations.Refuses(result.Token!.Info, verifiedAt, out var refusal))
            {
                ServiceAuthTracing.End(span, "refused", refusal.ErrorCode);
                return refusal;
            }

            ServiceAuthTracing.End(span, "ok");

            if (svid)
            {
                _svid!.Cache(result.Token!, result.KeySetVersion, verifiedAt);
            }
            else if (!reference)
            {
                _cache.TryAdd(result.Token!, result.KeySetVersion, verifiedAt);
            }
        }

        // Step 2: what must hold on every request, whatever the cache says.
        for (var i = 0; i < _checks.Length; i++)
        {
            TokenCheckResult? answer;
            try
            {
                answer = await _checks[i].CheckAsync(result.Token!.Info, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A check that cannot answer (its store is down, a bug) refuses the token: fail closed, never a 500.
                Log.TokenCheckFailed(_logger, _checks[i].GetType().Name, ex.GetType().Name);
                return VerificationResult.Fail(AuthErrorCodes.TokenCheckUnavailable, "A check of the token could not be made; try again later.");
            }

            if (answer is null || !answer.Allowed)
            {
                // A check that answers nothing refuses: fail closed.
                return VerificationResult.Fail(answer?.Code ?? AuthErrorCodes.TokenInvalid, answer?.Detail ?? "The token was refused.");
            }
        }

        return result;
    }
}
