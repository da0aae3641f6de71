using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Keys;

namespace S2SAuth.Verification;

/// <summary>
/// Verifies one token by the SPEC's rules. JOSE (parsing, signature, <c>iss</c>, <c>aud</c>, algorithm) is
/// <see cref="JsonWebTokenHandler"/>'s; this class adds what it lacks: a header pre-check (allow-list, <c>crit</c>,
/// <c>typ</c>, <c>kid</c>), awaiting a key refresh on an unknown <c>kid</c>, lifetime on <see cref="TimeProvider"/>,
/// required claims, and the service/user type rule.
/// </summary>
internal sealed class TokenVerifier
{
    private const long MaxNumericDate = 253_402_300_799; // 9999-12-31T23:59:59Z
    private static readonly string[] AcceptedTypHeaders = ["JWT", "application/jwt", "at+jwt", "application/at+jwt"];

    private readonly ServiceAuthOptions _options;
    private readonly SigningKeyCache _keys;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = int.MaxValue };
    private readonly HashSet<string> _algorithms;
    private readonly string[] _audiences;

    public TokenVerifier(IOptions<ServiceAuthOptions> options, SigningKeyCache keys, TimeProvider time)
    {
        _options = options.Value;
        _keys = keys;
        _time = time;
        _algorithms = new HashSet<string>(_options.EffectiveAlgorithms(), StringComparer.Ordinal);
        _audiences = _options.AllAudiences().ToArray();
    }

    public async ValueTask<TokenCheck> VerifyAsync(string raw, TokenKind kind, CancellationToken cancellationToken)
    {
        if (raw.Length > _options.MaxTokenLength)
        {
            return TokenCheck.Fail(AuthErrorCodes.TokenTooLarge, "The token is larger than allowed.");
        }

        if (!TryParse(raw, out var token))
        {
            return TokenCheck.Fail(AuthErrorCodes.TokenMalformed, "The token is not a well-formed JWS.");
        }

        var header = CheckHeader(token);
        if (!header.Succeeded)
        {
            return header;
        }

        var keys = await _keys.GetAsync(cancellationToken).ConfigureAwait(false);
        if (keys is null)
        {
            return TokenCheck.Fail(AuthErrorCodes.SigningKeysUnavailable, "The issuer's signing keys are not available; try again later.");
        }

        if (!keys.KeysById.ContainsKey(token.Kid))
        {
            keys = await _keys.RefreshForUnknownKeyAsync(cancellationToken).ConfigureAwait(false) ?? keys;
            if (!keys.KeysById.ContainsKey(token.Kid))
            {
                return TokenCheck.Fail(AuthErrorCodes.UnknownSigningKey, "No published key matches the token's 'kid'.");
            }
        }

        if (keys.AlgorithmById.TryGetValue(token.Kid, out var keyAlgorithm) && !string.Equals(keyAlgorithm, token.Alg, StringComparison.Ordinal))
        {
            return TokenCheck.Fail(AuthErrorCodes.AlgorithmNotAllowed, "The token's algorithm is not the one its key is published for.");
        }

        var result = await _handler.ValidateTokenAsync(token, ParametersFor(keys)).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return ValidationFailures.From(result.Exception, token);
        }

        var claims = CheckClaims(token, kind);
        return claims.Succeeded ? TokenCheck.Ok(token) : claims;
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

    private TokenCheck CheckHeader(JsonWebToken token)
    {
        if (!_algorithms.Contains(token.Alg))
        {
            return TokenCheck.Fail(AuthErrorCodes.AlgorithmNotAllowed, "The token's algorithm is not accepted.");
        }

        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            return TokenCheck.Fail(AuthErrorCodes.CriticalHeaderUnsupported, "The token names critical header extensions, which are not supported.");
        }

        // RFC 8725 §3.11: a typ that is present (even empty) must name an access token; an absent one is allowed.
        if (token.TryGetHeaderValue<string>(JwtHeaderParameterNames.Typ, out var typ) && !AcceptedTypHeaders.Contains(typ, StringComparer.OrdinalIgnoreCase))
        {
            return TokenCheck.Fail(AuthErrorCodes.TokenTypeInvalid, "The token's 'typ' header is not accepted.");
        }

        return string.IsNullOrEmpty(token.Kid)
            ? TokenCheck.Fail(AuthErrorCodes.UnknownSigningKey, "The token has no 'kid' header.")
            : default;
    }

    private TokenCheck CheckClaims(JsonWebToken token, TokenKind kind)
    {
        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp))
        {
            return TokenCheck.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'exp' claim.");
        }

        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat))
        {
            return TokenCheck.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'iat' claim.");
        }

        var hasNbf = token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out var nbf);
        if (!IsNumericDateInRange(exp) || !IsNumericDateInRange(iat) || (hasNbf && !IsNumericDateInRange(nbf)))
        {
            // Bounding the dates keeps the arithmetic below from overflowing (an iat of long.MinValue would
            // otherwise make exp - iat negative and slip past MaxTokenLifetime).
            return TokenCheck.Fail(AuthErrorCodes.TokenMalformed, "A time claim of the token is out of range.");
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)_options.ClockSkew.TotalSeconds;
        if (now > exp + skew)
        {
            return TokenCheck.Fail(AuthErrorCodes.TokenExpired, "The token has expired.");
        }

        if (iat > now + skew || (hasNbf && nbf > now + skew))
        {
            return TokenCheck.Fail(AuthErrorCodes.TokenNotYetValid, "The token is not valid yet.");
        }

        if (exp <= iat || exp - iat > (long)_options.MaxTokenLifetime.TotalSeconds)
        {
            return TokenCheck.Fail(AuthErrorCodes.TokenLifetimeInvalid, "The token's lifetime is inconsistent or longer than allowed.");
        }

        if (string.IsNullOrEmpty(ClaimReader.String(token, JwtRegisteredClaimNames.Jti)))
        {
            return TokenCheck.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'jti' claim.");
        }

        if (string.IsNullOrEmpty(ClaimReader.String(token, JwtRegisteredClaimNames.Sub)))
        {
            return TokenCheck.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'sub' claim.");
        }

        var isService = ClaimReader.IsServiceToken(token, _options.ServiceTokenRecognition);
        if (kind == TokenKind.Service && !isService)
        {
            return TokenCheck.Fail(AuthErrorCodes.TokenTypeInvalid, "A user token was sent as the service token.");
        }

        if (kind == TokenKind.User && (isService || !ClaimReader.IsUserType(token)))
        {
            return TokenCheck.Fail(AuthErrorCodes.TokenTypeInvalid, "A service token was sent as the user token.");
        }

        if (kind == TokenKind.Service && _options.Environment is { Length: > 0 } env
            && !string.Equals(ClaimReader.String(token, "env"), env, StringComparison.Ordinal))
        {
            return TokenCheck.Fail(AuthErrorCodes.EnvironmentMismatch, "The token was issued for another environment.");
        }

        return default;
    }

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
