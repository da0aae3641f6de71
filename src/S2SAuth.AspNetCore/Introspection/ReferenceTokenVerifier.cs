using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using S2SAuth.Keys;
using S2SAuth.Logging;
using S2SAuth.Verification;

namespace S2SAuth.Introspection;

/// <summary>
/// Accepts reference (opaque) tokens through RFC 7662 introspection, when <c>ServiceAuth:Introspection:AcceptReferenceTokens</c>
/// is on. A token that is not a JWS is first checked without any call (RFC 6750 <c>b64token</c> characters; its length was
/// checked by the <see cref="TokenVerifier"/>), then introspected through the <see cref="IntrospectionCache"/> (bounded,
/// one call in flight per token, SHA-256 keys, a bound on concurrent reference calls). An active answer's JSON members
/// become an unsigned <see cref="JsonWebToken"/> held to the JWT rules by <see cref="TokenVerifier.Accept"/> (the same
/// method), after its <c>iss</c> is this service's issuer and its <c>aud</c> names this service.
/// </summary>
internal sealed class ReferenceTokenVerifier
{
    private const string Header = """{"alg":"none","typ":"at+jwt"}""";
    private readonly IntrospectionCache _cache;
    private readonly TokenVerifier _verifier;
    private readonly SigningKeyCache _keys;
    private readonly string? _issuer;
    private readonly ILogger _logger;

    public ReferenceTokenVerifier(IntrospectionCache cache, TokenVerifier verifier, SigningKeyCache keys, IOptions<IntrospectionOptions> options,
        IOptions<ServiceAuthOptions> auth, ILogger<ReferenceTokenVerifier> logger)
    {
        _cache = cache;
        _verifier = verifier;
        _keys = keys;
        _issuer = auth.Value.Issuer;
        Enabled = options.Value.AcceptReferenceTokens;
        _logger = logger;
    }

    /// <summary>Whether reference tokens are accepted (<c>AcceptReferenceTokens</c>).</summary>
    public bool Enabled { get; }

    /// <summary>RFC 6750 §2.1 <c>b64token</c>: <c>1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="</c>.</summary>
    internal static bool IsB64Token(ReadOnlySpan<char> text)
    {
        var end = text.Length;
        while (end > 0 && text[end - 1] == '=')
        {
            end--;
        }

        if (end == 0)
        {
            return false;
        }

        foreach (var c in text[..end])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Verifies a token that is not a JWS as a reference token of <paramref name="kind"/>.</summary>
    public async ValueTask<VerificationResult> VerifyAsync(string raw, TokenKind kind, CancellationToken cancellationToken)
    {
        var kindName = kind == TokenKind.Service ? "Service" : "User";
        if (!IsB64Token(raw))
        {
            Log.ReferenceTokenMalformed(_logger, kindName);
            return VerificationResult.NotAJws();
        }

        var outcome = await _cache.GetReferenceAsync(raw, cancellationToken).ConfigureAwait(false);
        if (outcome.Answer is not { } answer)
        {
            Log.ReferenceTokenUnavailable(_logger, kindName, outcome.FailureReason ?? "unknown");
            return VerificationResult.Fail(AuthErrorCodes.IntrospectionUnavailable, "The token could not be checked at the issuer; try again later.");
        }

        if (!answer.Active)
        {
            Log.ReferenceTokenInactive(_logger, kindName);
            return VerificationResult.Fail(AuthErrorCodes.TokenInactive, "The issuer says the token is not active.");
        }

        if (answer.Claims is not { } claims)
        {
            Log.ReferenceTokenUnavailable(_logger, kindName, "answer_too_large");
            return VerificationResult.Fail(AuthErrorCodes.IntrospectionUnavailable, "The token could not be checked at the issuer; try again later.");
        }

        var issuer = _issuer;
        var keySetVersion = 0L;
        if (issuer is null)
        {
            // The issuer as configured for JWTs: ServiceAuth:Issuer, else the one the signing keys were read with.
            var keys = await _keys.GetAsync(cancellationToken).ConfigureAwait(false);
            if (keys is null)
            {
                return VerificationResult.Fail(AuthErrorCodes.SigningKeysUnavailable, "The issuer's metadata is not available; try again later.");
            }

            (issuer, keySetVersion) = (keys.Issuer, keys.Version);
        }

        // RFC 7662 §4: the resource server checks what it relies on. iss is required and exact; aud as for a JWT.
        if (!string.Equals(answer.Issuer, issuer, StringComparison.Ordinal))
        {
            Log.ReferenceTokenIssuerMismatch(_logger, kindName, "iss");
            return VerificationResult.Fail(answer.Issuer is null ? AuthErrorCodes.ClaimMissing : AuthErrorCodes.IssuerInvalid,
                "The issuer's answer does not name this service's issuer.", "iss");
        }

        if (_verifier.AudienceIsAud && !_verifier.NamesThisService(answer.Audiences))
        {
            Log.ReferenceTokenIssuerMismatch(_logger, kindName, "aud");
            return VerificationResult.Fail(AuthErrorCodes.AudienceInvalid, "The token is not meant for this service.", "aud");
        }

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(Header, claims);
        }
        catch (ArgumentException)
        {
            Log.ReferenceTokenUnavailable(_logger, kindName, "invalid_answer");
            return VerificationResult.Fail(AuthErrorCodes.IntrospectionUnavailable, "The token could not be checked at the issuer; try again later.");
        }

        var result = _verifier.Accept(token, kind, raw, keySetVersion);
        if (result.Succeeded)
        {
            Log.ReferenceTokenAccepted(_logger, kindName);
        }

        return result;
    }
}
