namespace S2SAuth.Verification;

/// <summary>The outcome of verifying one token: the verified token, or an error code and a safe detail.</summary>
internal readonly record struct VerificationResult(VerifiedToken? Token, string? ErrorCode, string? Detail)
{
    public bool Succeeded => ErrorCode is null;

    public static VerificationResult Ok(VerifiedToken token) => new(token, null, null);

    public static VerificationResult Fail(string code, string detail) => new(null, code, detail);
}
