namespace S2SAuth.Verification;

/// <summary>
/// The outcome of verifying one token: the verified token and the <see cref="Keys.SigningKeySnapshot.Version"/> of the
/// key set it was verified with, or an error code, a safe detail and, where one claim or header is at fault, its name.
/// </summary>
internal readonly record struct VerificationResult(VerifiedToken? Token, long KeySetVersion, string? ErrorCode, string? Detail, string? Claim = null)
{
    public bool Succeeded => ErrorCode is null;

    public static VerificationResult Ok(VerifiedToken token, long keySetVersion) => new(token, keySetVersion, null, null);

    public static VerificationResult Fail(string code, string detail, string? claim = null) => new(null, 0, code, detail, claim);
}
