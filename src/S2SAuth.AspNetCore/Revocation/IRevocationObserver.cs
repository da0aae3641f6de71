namespace S2SAuth.Revocation;

/// <summary>
/// Told of every revocation this instance applies, made here or received from another instance, so that state kept
/// elsewhere (the introspection cache) forgets what was revoked. Called after the revocation state is updated; must
/// be fast and must not throw.
/// </summary>
internal interface IRevocationObserver
{
    /// <summary>The token <paramref name="tokenId"/> (<c>jti</c>) of <paramref name="issuer"/> was revoked.</summary>
    void TokenRevoked(string issuer, string tokenId);

    /// <summary>Tokens of <paramref name="subject"/> at <paramref name="issuer"/> issued before <paramref name="issuedBefore"/> were cut off.</summary>
    void SubjectCutOff(string issuer, string subject, DateTimeOffset issuedBefore);
}
