using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Caching;
using S2SAuth.Keys;

namespace S2SAuth.Verification;

/// <summary>
/// Verifies one token by the SPEC's rules, in two steps:
/// <list type="number">
/// <item>the cacheable verification: a hit in the <see cref="VerifiedTokenCache"/> (same token, same kind, same signing-key
/// set, before the entry's expiry), or the full check. JOSE (parsing, signature, <c>iss</c>, <c>aud</c>, algorithm) is
/// <see cref="JsonWebTokenHandler"/>'s; this class adds what it lacks: a header pre-check (allow-list, <c>crit</c>,
/// <c>typ</c>, <c>kid</c>), awaiting a key refresh on an unknown <c>kid</c>, lifetime on <see cref="TimeProvider"/>,
/// required claims, and the service/user type rule. Successes are cached; failures never are;</item>
/// <item>the per-request checks (<see cref="IPerRequestTokenCheck"/>, e.g. revocation), run on every request, hit or miss.</item>
/// </list>
/// </summary>
internal sealed class TokenVerifier
{
    private const long MaxNumericDate = 253_402_300_799; // 9999-12-31T23:59:59Z
    private static readonly string[] AcceptedTypHeaders = ["JWT", "application/jwt", "at+jwt", "application/at+jwt"];

    private readonly ServiceAuthOptions _options;
    private readonly SigningKeyCache _keys;
    private readonly VerifiedTokenCache _cache;
    private readonly IPerRequestTokenCheck[] _perRequestChecks;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = int.MaxValue };
    private readonly HashSet<string> _algorithms;
    private readonly string[] _audiences;

    public TokenVerifier(IOptions<ServiceAuthOptions> options, SigningKeyCache keys, VerifiedTokenCache cache, IEnumerable<IPerRequestTokenCheck> perRequestChecks, TimeProvider time)
    {
        _options = options.Value;
        _keys = keys;
        _cache = cache;
        _perRequestChecks = [.. perRequestChecks];
        _time = time;
        _algorithms = new HashSet<string>(_options.EffectiveAlgorithms(), StringComparer.Ordinal);
        _audiences = _options.AllAudiences().ToArray();
    }

    /// <summary>Verifies <paramref name="raw"/> (a token, or a slice of a header holding one) as a <paramref name="kind"/> token.</summary>
    public async ValueTask<VerificationResult> VerifyAsync(ReadOnlyMemory<char> raw, TokenKind kind, CancellationToken cancellationToken)
    {
        if (raw.Length > _options.MaxTokenLength)
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenTooLarge, "The token is larger than allowed.");
        }

        // Step 1: the cacheable verification.
        var now = _time.GetUtcNow();
        var keys = _keys.CurrentAt(now);
        VerificationResult check;
        if (keys is not null && _cache.TryGet(raw.Span, kind, keys.Version, now.UtcTicks, out var cached))
        {
            _keys.RefreshIfDue(now);
            check = VerificationResult.Ok(cached);
        }
        else
        {
            check = await VerifyFullyAsync(raw, kind, cancellationToken).ConfigureAwait(false);
            if (!check.Succeeded)
            {
                return check;
            }
        }

        // Step 2: what must hold on every request, whatever the cache says.
        foreach (var perRequest in _perRequestChecks)
        {
            var refusal = await perRequest.CheckAsync(check.Token!, cancellationToken).ConfigureAwait(false);
            if (!refusal.Succeeded)
            {
                return refusal;
            }
        }

        return check;
    }

    private async ValueTask<VerificationResult> VerifyFullyAsync(ReadOnlyMemory<char> raw, TokenKind kind, CancellationToken cancellationToken)
    {
        var text = raw.ToString(); // the header itself when it holds nothing but the token
        if (!TryParse(text, out var token))
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenMalformed, "The token is not a well-formed JWS.");
        }

        var header = CheckHeader(token);
        if (!header.Succeeded)
        {
            return header;
        }

        var keys = await _keys.GetAsync(cancellationToken).ConfigureAwait(false);
        if (keys is null)
        {
            return VerificationResult.Fail(AuthErrorCodes.SigningKeysUnavailable, "The issuer's signing keys are not available; try again later.");
        }

        if (!keys.KeysById.ContainsKey(token.Kid))
        {
            keys = await _keys.RefreshForUnknownKeyAsync(cancellationToken).ConfigureAwait(false) ?? keys;
            if (!keys.KeysById.ContainsKey(token.Kid))
            {
                return VerificationResult.Fail(AuthErrorCodes.UnknownSigningKey, "No published key matches the token's 'kid'.");
            }
        }

        if (keys.AlgorithmById.TryGetValue(token.Kid, out var keyAlgorithm) && !string.Equals(keyAlgorithm, token.Alg, StringComparison.Ordinal))
        {
            return VerificationResult.Fail(AuthErrorCodes.AlgorithmNotAllowed, "The token's algorithm is not the one its key is published for.");
        }

        var result = await _handler.ValidateTokenAsync(token, ParametersFor(keys)).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return ValidationFailures.From(result.Exception, token);
        }

        var now = _time.GetUtcNow();
        var claims = CheckClaims(token, kind, now, out var exp);
        if (!claims.Succeeded)
        {
            return claims;
        }

        var verified = VerifiedToken.Create(token, kind, text, keys.Version, _cache.ExpiryFor(UtcTicks(exp), now.UtcTicks));
        _cache.TryAdd(verified, now.UtcTicks);
        return VerificationResult.Ok(verified);
    }

    private static bool TryParse(string raw, out JsonWebToken token)
    {
        token = null!;
        if (raw.Length == 0)
        {
            return false;
        }

        try
        {
            token = new JsonWebToken(raw);
            return !token.IsEncrypted;
        }
        catch (ArgumentException)
        {
            // SecurityTokenMalformedException derives from ArgumentException.
            return false;
        }
    }

    private VerificationResult CheckHeader(JsonWebToken token)
    {
        if (!_algorithms.Contains(token.Alg))
        {
            return VerificationResult.Fail(AuthErrorCodes.AlgorithmNotAllowed, "The token's algorithm is not accepted.");
        }

        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            return VerificationResult.Fail(AuthErrorCodes.CriticalHeaderUnsupported, "The token names critical header extensions, which are not supported.");
        }

        // RFC 8725 §3.11: a typ that is present (even empty) must name an access token; an absent one is allowed.
        if (token.TryGetHeaderValue<string>(JwtHeaderParameterNames.Typ, out var typ) && !IsAcceptedTyp(typ))
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenTypeInvalid, "The token's 'typ' header is not accepted.");
        }

        return string.IsNullOrEmpty(token.Kid)
            ? VerificationResult.Fail(AuthErrorCodes.UnknownSigningKey, "The token has no 'kid' header.")
            : default;
    }

    private static bool IsAcceptedTyp(string typ)
    {
        foreach (var accepted in AcceptedTypHeaders)
        {
            if (string.Equals(typ, accepted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private VerificationResult CheckClaims(JsonWebToken token, TokenKind kind, DateTimeOffset utcNow, out long exp)
    {
        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out exp))
        {
            return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'exp' claim.");
        }

        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat))
        {
            return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'iat' claim.");
        }

        var hasNbf = token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out var nbf);
        if (!IsNumericDateInRange(exp) || !IsNumericDateInRange(iat) || (hasNbf && !IsNumericDateInRange(nbf)))
        {
            // Bounding the dates keeps the arithmetic below from overflowing (an iat of long.MinValue would
            // otherwise make exp - iat negative and slip past MaxTokenLifetime).
            return VerificationResult.Fail(AuthErrorCodes.TokenMalformed, "A time claim of the token is out of range.");
        }

        // RFC 7519 §4.1.4/§4.1.5, to the instant (not the second): refused on or after exp, and before nbf (or iat).
        var now = utcNow.UtcTicks;
        var skew = _options.ClockSkew.Ticks;
        if (now >= UtcTicks(exp) + skew)
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenExpired, "The token has expired.");
        }

        if (now + skew < UtcTicks(iat) || (hasNbf && now + skew < UtcTicks(nbf)))
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenNotYetValid, "The token is not valid yet.");
        }

        if (exp <= iat || exp - iat > (long)_options.MaxTokenLifetime.TotalSeconds)
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenLifetimeInvalid, "The token's lifetime is inconsistent or longer than allowed.");
        }

        if (string.IsNullOrEmpty(ClaimReader.String(token, JwtRegisteredClaimNames.Jti)))
        {
            return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'jti' claim.");
        }

        if (string.IsNullOrEmpty(ClaimReader.String(token, JwtRegisteredClaimNames.Sub)))
        {
            return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'sub' claim.");
        }

        var isService = ClaimReader.IsServiceToken(token, _options.ServiceTokenRecognition);
        if (kind == TokenKind.Service && !isService)
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenTypeInvalid, "A user token was sent as the service token.");
        }

        if (kind == TokenKind.User && (isService || !ClaimReader.IsUserType(token)))
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenTypeInvalid, "A service token was sent as the user token.");
        }

        if (kind == TokenKind.Service && _options.Environment is { Length: > 0 } env
            && !string.Equals(ClaimReader.String(token, "env"), env, StringComparison.Ordinal))
        {
            return VerificationResult.Fail(AuthErrorCodes.EnvironmentMismatch, "The token was issued for another environment.");
        }

        return default;
    }

    /// <summary>The instant of a NumericDate already checked to be in range.</summary>
    private static long UtcTicks(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcTicks;

    /// <summary>A NumericDate between 1970 and the end of year 9999.</summary>
    private static bool IsNumericDateInRange(long seconds) => seconds is >= 0 and <= MaxNumericDate;

    private TokenValidationParameters ParametersFor(SigningKeySnapshot keys) =>
        keys.ValidationParameters ??= new TokenValidationParameters
        {
            ValidIssuer = keys.Issuer,
            ValidAudiences = _audiences,
            IssuerSigningKeys = keys.KeysById.Values.ToArray(),
            ValidAlgorithms = _algorithms,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = false,
            ValidateIssuer = true,
            ValidateAudience = true,
            IgnoreTrailingSlashWhenValidatingAudience = false, // RFC 7519 §4.1.3: StringOrURI values compare exactly
            ValidateIssuerSigningKey = true,
            ValidateLifetime = false, // done in CheckClaims on the injected TimeProvider
            RequireExpirationTime = false,
            SaveSigninToken = false,
        };
}
