namespace S2SAuth.Verification;

/// <summary>
/// A check of a verified token that must run on every request, never cached: it runs after a full verification and after
/// a verified-token cache hit alike. The seam for revocation (e.g. a <c>jti</c> denylist): register an implementation as a
/// singleton and a revoked token is refused on its next request, whatever the cache holds.
/// </summary>
internal interface IPerRequestTokenCheck
{
    /// <summary>The refusal (an error code and a safe detail), or <see langword="default"/> to let the token through.</summary>
    ValueTask<VerificationResult> CheckAsync(VerifiedToken token, CancellationToken cancellationToken);
}
