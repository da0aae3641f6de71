using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Caching;
using S2SAuth.Certificates;
using S2SAuth.Logging;
using S2SAuth.Profiles;
using S2SAuth.Verification;

namespace S2SAuth.Spiffe;

/// <summary>
/// Verifies SPIFFE JWT-SVIDs sent as service tokens (JWT-SVID specification): a service token whose unverified
/// <c>sub</c> is a <c>spiffe://</c> ID comes here instead of the issuer's verification (each path verifies fully, so the
/// routing decides nothing). Rules: a JWS of three parts; header <c>alg</c> one of RS/ES/PS 256/384/512 (§2.1), <c>typ</c>
/// absent, <c>JWT</c> or <c>JOSE</c> (§2.3), <c>kid</c> present (the bundle's keys all have one, §6.1; go-spiffe and
/// java-spiffe refuse a token without it too), no other header (§2); <c>sub</c> a valid SPIFFE ID whose trust domain has a
/// configured bundle; the signature by that trust domain's key of that <c>kid</c> only; <c>aud</c> naming this service
/// (§3.2); <c>exp</c> present and not passed (§3.3), <c>nbf</c>/<c>iat</c> not in the future, the lifetime within the
/// service tokens' maximum (from <c>iat</c>, or from now when there is none); then the configured SPIFFE ID mapping.
/// The JOSE part (signature, audience, algorithm) is IdentityModel's <see cref="JsonWebTokenHandler"/>. Successes are
/// kept in a cache of their own, bounded like the verified-token cache and keyed on the bundles' version.
/// </summary>
internal sealed class SpiffeJwtVerifier
{
    private const string Scheme = "spiffe://";
    private const long MaxNumericDate = 253_402_300_799; // 9999-12-31T23:59:59Z

    private static readonly FrozenSet<string> Algorithms = FrozenSet.Create(StringComparer.Ordinal,
        "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512");

    private static readonly FrozenSet<string> AllowedHeaders = FrozenSet.Create(StringComparer.Ordinal, "alg", "kid", "typ");

    private readonly ServiceAuthOptions _options;
    private readonly SpiffeBundleSource _bundles;
    private readonly ServiceIdMapper _mapper;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly VerifiedTokenCache _cache;
    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = int.MaxValue };
    private readonly string[] _audiences;
    private readonly long _maxLifetimeSeconds;
    private readonly ConditionalWeakTable<IReadOnlyDictionary<string, SecurityKey>, TokenValidationParameters> _parameters = [];

    public SpiffeJwtVerifier(IOptions<ServiceAuthOptions> options, SpiffeBundleSource bundles, ServiceIdMapper mapper, TimeProvider time, ILogger<SpiffeJwtVerifier> logger)
    {
        _options = options.Value;
        _bundles = bundles;
        _mapper = mapper;
        _time = time;
        _logger = logger;
        _cache = new VerifiedTokenCache(options);
        _audiences = [.. _options.AllAudiences()];
        _maxLifetimeSeconds = new TokenRules(_options).For(TokenKind.Service).MaxLifetimeSeconds;
    }

    /// <summary>Whether JWT-SVIDs are accepted (<c>ServiceAuth:Spiffe:JwtBundles</c> is not empty).</summary>
    public bool Enabled => _bundles.Enabled;

    /// <summary>The cached verification of a JWT-SVID, while the bundles it was verified with are unchanged and before its expiry.</summary>
    public bool TryGetCached(ReadOnlySpan<char> raw, TokenKind kind, DateTimeOffset now, [NotNullWhen(true)] out VerifiedToken? verified)
    {
        if (_cache.TryGet(raw, kind, _bundles.VersionAt(now), now.UtcTicks, out var entry))
        {
            verified = entry.Verified;
            return true;
        }

        verified = null;
        return false;
    }

    /// <summary>Caches a verified JWT-SVID against the bundle version read before its verification.</summary>
    public void Cache(VerifiedToken verified, long bundleVersion, long nowUtcTicks) => _cache.TryAdd(verified, bundleVersion, nowUtcTicks);

    /// <summary>Drops a cached JWT-SVID (found revoked).</summary>
    public void Uncache(string raw) => _cache.Remove(raw);

    /// <summary>
    /// Whether <paramref name="raw"/> is to be verified as a JWT-SVID: it parses as a JWS whose (unverified) <c>sub</c>
    /// starts with <c>spiffe://</c>. Anything else, too long or unparsable included, is left to the issuer's verification.
    /// </summary>
    public bool TryClaim(ReadOnlyMemory<char> raw, [NotNullWhen(true)] out JsonWebToken? token, [NotNullWhen(true)] out string? text)
    {
        token = null;
        text = null;
        if (raw.Length == 0 || raw.Length > _options.MaxTokenLength || raw.Span.Count('.') != 2)
        {
            return false;
        }

        var candidate = raw.ToString();
        try
        {
            var parsed = new JsonWebToken(candidate);
            if (ClaimReader.String(parsed, JwtRegisteredClaimNames.Sub)?.StartsWith(Scheme, StringComparison.Ordinal) != true)
            {
                return false;
            }

            (token, text) = (parsed, candidate);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // SecurityTokenMalformedException is one
        }
    }

    /// <summary>Verifies a JWT-SVID that <see cref="TryClaim"/> took; the result's key-set version is the bundles' version it was verified under.</summary>
    public async ValueTask<VerificationResult> VerifyAsync(JsonWebToken token, string text, CancellationToken cancellationToken)
    {
        var version = _bundles.VersionAt(_time.GetUtcNow()); // before the keys are read: see SpiffeBundleSource.Apply
        var strict = StrictJws.Check(text);
        if (!strict.Succeeded)
        {
            return Refuse(null, strict.IsNotAJws ? VerificationResult.Fail(AuthErrorCodes.TokenMalformed, "The token is not a well-formed JWS.") : strict);
        }

        var header = CheckHeader(token);
        if (!header.Succeeded)
        {
            return header;
        }

        var subject = ClaimReader.String(token, JwtRegisteredClaimNames.Sub)!;
        if (!SpiffeId.TryParse(subject, out var id))
        {
            return Refuse(null, VerificationResult.Fail(AuthErrorCodes.CertificateIdentityInvalid, "The JWT-SVID's subject is not a valid SPIFFE ID.", "sub"));
        }

        var lookup = await _bundles.GetAsync(id.TrustDomain, cancellationToken).ConfigureAwait(false);
        if (lookup is null)
        {
            return Refuse(id.TrustDomain, VerificationResult.Fail(AuthErrorCodes.CertificateIdentityNotAllowed, "JWT-SVIDs of the token's SPIFFE trust domain are not accepted.", "sub"));
        }

        if (lookup.Value.Bundle is not { } bundle)
        {
            return Refuse(id.TrustDomain, VerificationResult.Fail(AuthErrorCodes.SigningKeysUnavailable, "The SPIFFE bundle of the token's trust domain is not available; try again later."));
        }

        if (!bundle.KeysById.ContainsKey(token.Kid))
        {
            _bundles.RequestRefresh(id.TrustDomain);
            return Refuse(id.TrustDomain, VerificationResult.Fail(AuthErrorCodes.UnknownSigningKey, "No key of the trust domain's SPIFFE bundle matches the token's 'kid'."));
        }

        if (bundle.AlgorithmById.TryGetValue(token.Kid, out var keyAlgorithm) && !string.Equals(keyAlgorithm, token.Alg, StringComparison.Ordinal))
        {
            return Refuse(id.TrustDomain, VerificationResult.Fail(AuthErrorCodes.AlgorithmNotAllowed, "The token's algorithm is not the one its key is published for."));
        }

        var result = await _handler.ValidateTokenAsync(token, ParametersFor(bundle.KeysById)).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return Refuse(id.TrustDomain, ValidationFailures.From(result.Exception, token));
        }

        var claims = CheckLifetime(token, out var issuedAt, out var expiresAt);
        if (!claims.Succeeded)
        {
            return Refuse(id.TrustDomain, claims);
        }

        var mapping = _mapper.MapSpiffeId(subject);
        if (!mapping.Succeeded)
        {
            return Refuse(id.TrustDomain, VerificationResult.Fail(mapping.Code!, mapping.Detail!, "sub"));
        }

        var tokenId = ClaimReader.String(token, JwtRegisteredClaimNames.Jti) is { Length: > 0 } jti ? jti : string.Empty;
        var service = _mapper.CreateIdentity(mapping.ServiceId!, ServiceCredentialKind.SpiffeJwt, expiresAt, tokenId);
        var info = new VerifiedTokenInfo(TokenKind.Service, Scheme + id.TrustDomain, subject, tokenId, issuedAt, expiresAt, service, null);
        return VerificationResult.Ok(VerifiedToken.ForService(text, info), version);
    }

    private VerificationResult Refuse(string? trustDomain, VerificationResult refusal)
    {
        Log.JwtSvidRefused(_logger, trustDomain ?? "(invalid)", refusal.ErrorCode!);
        return refusal;
    }

    private static VerificationResult CheckHeader(JsonWebToken token)
    {
        if (!Algorithms.Contains(token.Alg))
        {
            return VerificationResult.Fail(AuthErrorCodes.AlgorithmNotAllowed, "The JWT-SVID's algorithm is not one the JWT-SVID specification allows.");
        }

        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            return VerificationResult.Fail(AuthErrorCodes.CriticalHeaderUnsupported, "The token names critical header extensions, which are not supported.");
        }

        if (token.TryGetHeaderValue<object>(JwtHeaderParameterNames.Typ, out var typ) && typ is not ("JWT" or "JOSE"))
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenTypeInvalid, "The JWT-SVID's 'typ' header must be JWT or JOSE.", "typ");
        }

        if (!OnlyAllowedHeaders(token.EncodedHeader))
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenMalformed, "The JWT-SVID's header holds a parameter the JWT-SVID specification does not allow.");
        }

        return string.IsNullOrEmpty(token.Kid)
            ? VerificationResult.Fail(AuthErrorCodes.UnknownSigningKey, "The token has no 'kid' header.")
            : default;
    }

    /// <summary>JWT-SVID §2: no header parameter but <c>alg</c>, <c>kid</c> and <c>typ</c>.</summary>
    private static bool OnlyAllowedHeaders(string encodedHeader)
    {
        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(encodedHeader));
            foreach (var property in header.RootElement.EnumerateObject())
            {
                if (!AllowedHeaders.Contains(property.Name))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>RFC 7519 §4.1.4/§4.1.5 on the injected clock, with <see cref="ServiceAuthOptions.ClockSkew"/>; the lifetime bound of service tokens.</summary>
    private VerificationResult CheckLifetime(JsonWebToken token, out DateTimeOffset issuedAt, out DateTimeOffset expiresAt)
    {
        issuedAt = expiresAt = default;
        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp))
        {
            return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'exp' claim.", "exp");
        }

        var hasIat = token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat);
        var hasNbf = token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out var nbf);
        if (!InRange(exp) || (hasIat && !InRange(iat)) || (hasNbf && !InRange(nbf)))
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenMalformed, "A time claim of the token is out of range.");
        }

        var now = _time.GetUtcNow();
        var skew = _options.ClockSkew;
        if (now >= DateTimeOffset.FromUnixTimeSeconds(exp) + skew)
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenExpired, "The token has expired.");
        }

        if ((hasIat && now + skew < DateTimeOffset.FromUnixTimeSeconds(iat)) || (hasNbf && now + skew < DateTimeOffset.FromUnixTimeSeconds(nbf)))
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenNotYetValid, "The token is not valid yet.");
        }

        // Without iat, the token may still be valid for at most the longest lifetime from now (plus the skew).
        var tooLong = hasIat
            ? exp <= iat || exp - iat > _maxLifetimeSeconds
            : exp - now.ToUnixTimeSeconds() > _maxLifetimeSeconds + (long)skew.TotalSeconds;
        if (tooLong)
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenLifetimeInvalid, "The token's lifetime is inconsistent or longer than allowed.");
        }

        expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);

        // Without iat, the earliest instant the token can have been issued under the lifetime rule (a revocation cut-off
        // of its subject then refuses it rather than letting it through).
        issuedAt = hasIat ? DateTimeOffset.FromUnixTimeSeconds(iat) : expiresAt - TimeSpan.FromSeconds(_maxLifetimeSeconds);
        return default;
    }

    private static bool InRange(long seconds) => seconds is >= 0 and <= MaxNumericDate;

    /// <summary>The validation parameters of one trust domain's key table: built once per key set.</summary>
    private TokenValidationParameters ParametersFor(IReadOnlyDictionary<string, SecurityKey> keys) =>
        _parameters.GetValue(keys, k => new TokenValidationParameters
        {
            ValidAudiences = _audiences,
            IssuerSigningKeys = [.. k.Values],
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = false,
            ValidateIssuer = false, // JWT-SVIDs need no iss: the trust domain of sub picks the keys
            ValidateAudience = true,
            RequireAudience = true,
            IgnoreTrailingSlashWhenValidatingAudience = false,
            ValidateIssuerSigningKey = true,
            ValidateLifetime = false, // CheckLifetime, on the injected clock
            RequireExpirationTime = false,
            SaveSigninToken = false,
        });
}
