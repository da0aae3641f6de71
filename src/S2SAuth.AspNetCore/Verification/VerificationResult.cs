namespace S2SAuth.Verification;

/// <summary>
/// The outcome of verifying one token: the verified token and the <see cref="Keys.SigningKeySnapshot.Version"/> of the
/// key set it was verified with, or an error code, a safe detail and, where one claim or header is at fault, its name.
/// </summary>
internal readonly record struct VerificationResult(VerifiedToken? Token, long KeySetVersion, string? ErrorCode, string? Detail, string? Claim = null)
{
    private const string NotAJwsDetail = "The token is not a well-formed JWS.";

    public bool Succeeded => ErrorCode is null;

    public static VerificationResult Ok(VerifiedToken token, long keySetVersion) => new(token, keySetVersion, null, null);

    /// <summary>Whether the token failed only because it is not a JWS at all (a reference token may then be introspected instead).</summary>
    public bool IsNotAJws => ErrorCode == AuthErrorCodes.TokenMalformed && ReferenceEquals(Detail, NotAJwsDetail);

    /// <summary>The refusal of a token that does not parse as a JWS: <c>token_malformed</c>.</summary>
    public static VerificationResult NotAJws() => Fail(AuthErrorCodes.TokenMalformed, NotAJwsDetail);

    public static VerificationResult Fail(string code, string detail, string? claim = null) => new(null, 0, code, detail, claim);
}
