using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Verification;

/// <summary>Maps IdentityModel's validation exceptions to S2SAuth error codes (never their messages).</summary>
internal static class ValidationFailures
{
    public static VerificationResult From(Exception? exception, JsonWebToken token) => exception switch
    {
        SecurityTokenInvalidAudienceException when !token.Audiences.Any() => VerificationResult.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'aud' claim.", "aud"),
        SecurityTokenInvalidAudienceException => VerificationResult.Fail(AuthErrorCodes.AudienceInvalid, "The token is not meant for this service."),
        SecurityTokenInvalidIssuerException when string.IsNullOrEmpty(token.Issuer) => VerificationResult.Fail(AuthErrorCodes.ClaimMissing, "The token has no 'iss' claim.", "iss"),
        SecurityTokenInvalidIssuerException => VerificationResult.Fail(AuthErrorCodes.IssuerInvalid, "The token comes from an untrusted issuer."),
        SecurityTokenInvalidAlgorithmException => VerificationResult.Fail(AuthErrorCodes.AlgorithmNotAllowed, "The token's algorithm is not accepted."),
        SecurityTokenSignatureKeyNotFoundException => VerificationResult.Fail(AuthErrorCodes.UnknownSigningKey, "No published key matches the token."),
        SecurityTokenInvalidSignatureException => VerificationResult.Fail(AuthErrorCodes.SignatureInvalid, "The token's signature does not verify."),
        SecurityTokenInvalidTypeException => VerificationResult.Fail(AuthErrorCodes.TokenTypeInvalid, "The token's 'typ' header is not accepted.", "typ"),
        SecurityTokenMalformedException or ArgumentException => VerificationResult.Fail(AuthErrorCodes.TokenMalformed, "The token is not a well-formed JWS."),
        _ => VerificationResult.Fail(AuthErrorCodes.TokenInvalid, "The token failed verification."),
    };
}
