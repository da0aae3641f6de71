using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Verification;

/// <summary>Maps IdentityModel's validation exceptions to S2SAuth error codes (never their messages).</summary>
internal static class ValidationFailures
{
    public static TokenCheck From(Exception? exception, JsonWebToken token) => exception switch
    {
        SecurityTokenInvalidAudienceException when !token.Audiences.Any() => TokenCheck.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'aud' claim."),
        SecurityTokenInvalidAudienceException => TokenCheck.Fail(AuthErrorCodes.AudienceInvalid, "The token is not meant for this service."),
        SecurityTokenInvalidIssuerException when string.IsNullOrEmpty(token.Issuer) => TokenCheck.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'iss' claim."),
        SecurityTokenInvalidIssuerException => TokenCheck.Fail(AuthErrorCodes.IssuerInvalid, "The token comes from an untrusted issuer."),
        SecurityTokenInvalidAlgorithmException => TokenCheck.Fail(AuthErrorCodes.AlgorithmNotAllowed, "The token's algorithm is not accepted."),
        SecurityTokenSignatureKeyNotFoundException => TokenCheck.Fail(AuthErrorCodes.UnknownSigningKey, "No published key matches the token."),
        SecurityTokenInvalidSignatureException => TokenCheck.Fail(AuthErrorCodes.SignatureInvalid, "The token's signature does not verify."),
        SecurityTokenInvalidTypeException => TokenCheck.Fail(AuthErrorCodes.TokenTypeInvalid, "The token's 'typ' header is not accepted."),
        SecurityTokenMalformedException or ArgumentException => TokenCheck.Fail(AuthErrorCodes.TokenMalformed, "The token is not a well-formed JWS."),
        _ => TokenCheck.Fail(AuthErrorCodes.TokenInvalid, "The token failed verification."),
    };
}
