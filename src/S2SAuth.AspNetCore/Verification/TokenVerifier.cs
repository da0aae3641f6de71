using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using S2SAuth.Delegation;
using S2SAuth.Keys;
using S2SAuth.Profiles;

namespace S2SAuth.Verification;

/// <summary>
/// Verifies one token by the SPEC's rules, against the issuer's current signing keys: a pure verification, with no
/// cache and no per-request checks (both are <c>Caching/CachedTokenVerifier</c>'s, in front of it). JOSE (parsing,
/// signature, <c>iss</c>, <c>aud</c>, algorithm) is <see cref="JsonWebTokenHandler"/>'s; this class adds what it lacks:
/// a header pre-check (allow-list, <c>crit</c>, <c>typ</c>, <c>kid</c>), awaiting a key refresh on an unknown
/// <c>kid</c>, lifetime on <see cref="TimeProvider"/>, required claims, and the service/user type rule.
/// </summary>
internal sealed class TokenVerifier
{
    private const long MaxNumericDate = 253_402_300_799; // 9999-12-31T23:59:59Z
    private static readonly string[] AcceptedTypHeaders = ["JWT", "application/jwt", "at+jwt", "application/at+jwt"];

    private readonly ServiceAuthOptions _options;
    private readonly TokenRules _rules;
    private readonly SigningKeyCache _keys;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = int.MaxValue };
    private readonly HashSet<string> _algorithms;
    private readonly string[] _audiences;
    private KeySetParameters? _parameters;

    public TokenVerifier(IOptions<ServiceAuthOptions> options, SigningKeyCache keys, TimeProvider time)
    {
        _options = options.Value;
        _rules = new TokenRules(_options);
        _keys = keys;
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

        // RFC 7515/7519/8725 strictness on the raw text, before IdentityModel converts any spelling (StrictJws).
        var strict = StrictJws.Check(raw.Span);
        if (!strict.Succeeded)
        {
            return strict;
        }

        var text = raw.ToString(); // the header itself when it holds nothing but the token
        if (!TryParse(text, out var token))
        {
            return VerificationResult.NotAJws();
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

        return Accept(token, kind, text, keys.Version);
    }

    /// <summary>
    /// The claim and identity rules of a token whose origin is established (a verified signature, or the issuer's
    /// introspection answer of a reference token): lifetime, environment, kind, required claims, caller id, the
    /// profile's audience claim; then the verified token. One method for both paths, so they cannot drift apart.
    /// </summary>
    internal VerificationResult Accept(JsonWebToken token, TokenKind kind, string text, long keySetVersion)
    {
        var rules = _rules.For(kind);
        var claims = CheckClaims(token, kind, rules, _time.GetUtcNow(), out var iat, out var exp);
        if (!claims.Succeeded)
        {
            return claims;
        }

        var identity = CheckIdentity(token, kind, rules, out var id);
        if (!identity.Succeeded)
        {
            return identity;
        }

        // RFC 8693 §4.1: a user token exchanged for a service names it (and earlier ones) in its act chain. A service
        // token's act is not read: a service calls as itself, and its own identity is what every rule checks.
        var actors = ActorChainResult.None;
        if (kind == TokenKind.User)
        {
            actors = ActorChain.Read(token, _options.Delegation.MaxActorDepth);
            if (!actors.Succeeded)
            {
                return VerificationResult.Fail(actors.ErrorCode!, actors.Detail!, ActorChain.Claim);
            }
        }

        var verified = VerifiedToken.Create(token, kind, text, DateTimeOffset.FromUnixTimeSeconds(iat), DateTimeOffset.FromUnixTimeSeconds(exp), rules, id, actors.Actors);
        return VerificationResult.Ok(verified, keySetVersion);
    }

    /// <summary>Whether the audience is <c>aud</c> (else the profile's <c>AudienceClaim</c>, checked by <see cref="Accept"/>).</summary>
    internal bool AudienceIsAud => _rules.AudienceIsAud;

    /// <summary>Whether one of <paramref name="audiences"/> names this service (exact comparison, RFC 7519 §4.1.3).</summary>
    internal bool NamesThisService(IEnumerable<string> audiences) => audiences.Any(a => _audiences.Contains(a, StringComparer.Ordinal));

    /// <summary>
    /// The validation parameters of a key set, built once per key set and kept by the verifier (the snapshot stays
    /// immutable and knows nothing of audiences and algorithms): rebuilt only when the keys change, not when the same
    /// keys are fetched again (<see cref="SigningKeySnapshot.Refetched"/> keeps the same key table).
    /// </summary>
    internal TokenValidationParameters ParametersFor(SigningKeySnapshot keys)
    {
        var current = Volatile.Read(ref _parameters);
        if (current is null || !ReferenceEquals(current.KeysById, keys.KeysById) || !string.Equals(current.Issuer, keys.Issuer, StringComparison.Ordinal))
        {
            current = new KeySetParameters(keys.KeysById, keys.Issuer, Build(keys));
            Volatile.Write(ref _parameters, current);
        }

        return current.Parameters;
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
        var hasTyp = token.TryGetHeaderValue<string>(JwtHeaderParameterNames.Typ, out var typ);
        if ((hasTyp && !IsAcceptedTyp(typ)) || (_rules.RequireAccessTokenType && !IsAccessTokenTyp(typ)))
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenTypeInvalid, "The token's 'typ' header is not accepted.", "typ");
        }

        return string.IsNullOrEmpty(token.Kid)
            ? VerificationResult.Fail(AuthErrorCodes.UnknownSigningKey, "The token has no 'kid' header.")
            : default;
    }

    /// <summary>RFC 9068 §4: <c>at+jwt</c>, with or without the <c>application/</c> prefix, in any case.</summary>
    private static bool IsAccessTokenTyp(string? typ) =>
        string.Equals(typ, "at+jwt", StringComparison.OrdinalIgnoreCase) || string.Equals(typ, "application/at+jwt", StringComparison.OrdinalIgnoreCase);

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

    private VerificationResult CheckClaims(JsonWebToken token, TokenKind kind, KindRules rules, DateTimeOffset utcNow, out long iat, out long exp)
    {
        iat = 0;
        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out exp))
        {
            return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'exp' claim.", "exp");
        }

        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out iat))
        {
            return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'iat' claim.", "iat");
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

        if (exp <= iat || exp - iat > rules.MaxLifetimeSeconds)
        {
            return VerificationResult.Fail(AuthErrorCodes.TokenLifetimeInvalid, "The token's lifetime is inconsistent or longer than allowed.");
        }

        if (kind == TokenKind.Service && _options.Environment is { Length: > 0 } env
            && !string.Equals(ClaimReader.String(token, "env"), env, StringComparison.Ordinal))
        {
            return VerificationResult.Fail(AuthErrorCodes.EnvironmentMismatch, "The token was issued for another environment.");
        }

        return default;
    }

    /// <summary>
    /// The token's kind by the recognition rule (first, so that a service token sent as the user is told so rather than
    /// missing a user's claim), the kind's required claims, the caller's id, and what the profile checks besides IdentityModel:
    /// an audience held in another claim than <c>aud</c> (Cognito's <c>client_id</c>), Entra ID's <c>tid</c> against the issuer.
    /// </summary>
    private VerificationResult CheckIdentity(JsonWebToken token, TokenKind kind, KindRules rules, out string id)
    {
        id = string.Empty;
        var typeClaim = _rules.Recognition is ServiceTokenRecognition.TypeClaim or ServiceTokenRecognition.TypeClaimOrClientCredentials ? "type" : null;
        switch (TokenClassifier.Classify(token, _rules.Recognition))
        {
            case TokenClass.Unrecognized:
                return VerificationResult.Fail(AuthErrorCodes.TokenTypeUnrecognized, "The token is neither clearly a service token nor clearly a user token by the configured recognition rule.", typeClaim);
            case TokenClass.User when kind == TokenKind.Service:
                return VerificationResult.Fail(AuthErrorCodes.TokenTypeInvalid, "A user token was sent as the service token.", typeClaim);
            case TokenClass.Service when kind == TokenKind.User:
                return VerificationResult.Fail(AuthErrorCodes.TokenTypeInvalid, "A service token was sent as the user token.", typeClaim);
        }

        foreach (var name in rules.RequiredClaims)
        {
            if (!ClaimReader.Has(token, name) || ClaimReader.String(token, name) is { Length: 0 })
            {
                return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, $"The token has no '{name}' claim.", name);
            }
        }

        if (ClaimReader.First(token, rules.IdClaims) is not { } caller)
        {
            return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, $"The token has no '{rules.IdClaims[0]}' claim naming the caller.", rules.IdClaims[0]);
        }

        if (!_rules.AudienceIsAud)
        {
            var audience = ClaimReader.String(token, _rules.AudienceClaim);
            if (string.IsNullOrEmpty(audience))
            {
                return VerificationResult.Fail(AuthErrorCodes.ClaimMissing, $"The token has no '{_rules.AudienceClaim}' claim.", _rules.AudienceClaim);
            }

            if (!_audiences.Contains(audience, StringComparer.Ordinal))
            {
                return VerificationResult.Fail(AuthErrorCodes.AudienceInvalid, "The token is not meant for this service.", _rules.AudienceClaim);
            }
        }

        if (_rules.EntraIssuers && !string.Equals(ClaimReader.String(token, "tid"), EntraIssuers.TenantOf(token.Issuer), StringComparison.OrdinalIgnoreCase))
        {
            return VerificationResult.Fail(AuthErrorCodes.IssuerInvalid, "The token's tenant is not its issuer's tenant.", "tid");
        }

        id = caller;
        return default;
    }

    /// <summary>The instant of a NumericDate already checked to be in range.</summary>
    private static long UtcTicks(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcTicks;

    /// <summary>A NumericDate between 1970 and the end of year 9999.</summary>
    private static bool IsNumericDateInRange(long seconds) => seconds is >= 0 and <= MaxNumericDate;

    private TokenValidationParameters Build(SigningKeySnapshot keys) =>
        new()
        {
            ValidIssuers = _rules.EntraIssuers ? EntraIssuers.Accepted(keys.Issuer) : [keys.Issuer],
            ValidAudiences = _audiences,
            IssuerSigningKeys = keys.KeysById.Values.ToArray(),
            ValidAlgorithms = _algorithms,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = false,
            ValidateIssuer = true,
            ValidateAudience = _rules.AudienceIsAud, // else checked in CheckIdentity
            IgnoreTrailingSlashWhenValidatingAudience = false, // RFC 7519 §4.1.3: StringOrURI values compare exactly
            ValidateIssuerSigningKey = true,
            ValidateLifetime = false, // done in CheckClaims on the injected TimeProvider
            RequireExpirationTime = false,
            SaveSigninToken = false,
        };

    /// <summary>The parameters built for one key set, and what identifies it.</summary>
    private sealed record KeySetParameters(IReadOnlyDictionary<string, SecurityKey> KeysById, string Issuer, TokenValidationParameters Parameters);
}
