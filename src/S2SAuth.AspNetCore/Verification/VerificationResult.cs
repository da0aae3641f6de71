namespace S2SAuth.Verification;

/// <summary>
/// The outcome of verifying one token: the verified token and the <see cref="Keys.SigningKeySnapshot.Version"/> of the
/// key set it was verified with, or an error code and a safe detail.
/// </summary>
internal readonly record struct VerificationResult(VerifiedToken? Token, long KeySetVersion, string? ErrorCode, string? Detail)
{
    public bool Succeeded => ErrorCode is null;

    public static VerificationResult Ok(VerifiedToken token, long keySetVersion) => new(token, keySetVersion, null, null);

    public static VerificationResult Fail(string code, string detail) => new(null, 0, code, detail);
}
