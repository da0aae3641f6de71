namespace S2SAuth;

/// <summary>
/// Revokes tokens and cuts off subjects, for issuers and operators. A revocation is applied to this instance at once
/// and published to the others through the configured store (in memory: this instance only; Redis: every instance,
/// pushed, with catch-up after a disconnect). From then on every request carrying a revoked token is refused with 401
/// <c>token_revoked</c>, on a verified-token cache hit too. Revocations cannot be undone; they are forgotten when
/// they can no longer matter (the token has expired; no token issued before the cut-off can still be valid).
/// Resolve it from the container after <c>AddServiceAuth(...).AddRevocation()</c> (or <c>.AddRedisRevocation()</c>).
/// </summary>
public interface IRevocationService
{
    /// <summary>
    /// Revokes the token <paramref name="tokenId"/> (its <c>jti</c>) of <paramref name="issuer"/> until it expires.
    /// Tokens are named by issuer and <c>jti</c>, never by their text (one ECDSA-signed token has several valid spellings).
    /// </summary>
    /// <param name="issuer">The token's <c>iss</c>, exactly as in the token.</param>
    /// <param name="tokenId">The token's <c>jti</c>; not empty.</param>
    /// <param name="expiresAt">The token's <c>exp</c>: the entry is kept until then (plus the clock skew), then forgotten. An unknown expiry may be given as "now + ServiceAuth:MaxTokenLifetime".</param>
    /// <param name="cancellationToken">Cancels the publication (the local state is updated first).</param>
    /// <exception cref="ArgumentException">An argument is empty or longer than 1,024 characters.</exception>
    /// <exception cref="InvalidOperationException">The shared store could not record it (e.g. Redis unreachable); this instance applies it anyway: retry.</exception>
    Task RevokeTokenAsync(string issuer, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Refuses every token of <paramref name="subject"/> at <paramref name="issuer"/> issued before <paramref name="asOf"/>
    /// (its <c>iat</c> is earlier; a token issued at exactly <paramref name="asOf"/> is accepted): a disabled or
    /// compromised service account (its service tokens' <c>sub</c>) or a user signed out everywhere. Tokens issued later
    /// are unaffected. Kept for the longest accepted token lifetime (<c>ServiceAuth:MaxTokenLifetime</c>, or a kind's longer <c>MaxLifetime</c>) plus the clock skew after <paramref name="asOf"/>.
    /// </summary>
    /// <param name="issuer">The tokens' <c>iss</c>.</param>
    /// <param name="subject">The tokens' subject (<c>sub</c>): the service id or the user id.</param>
    /// <param name="asOf">The cut-off; usually now. At most the longest accepted token lifetime in the future.</param>
    /// <param name="cancellationToken">Cancels the publication (the local state is updated first).</param>
    /// <exception cref="ArgumentException">An argument is empty or longer than 1,024 characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="asOf"/> lies further in the future than the longest accepted token lifetime.</exception>
    /// <exception cref="InvalidOperationException">The shared store could not record it; this instance applies it anyway: retry.</exception>
    Task CutOffSubjectAsync(string issuer, string subject, DateTimeOffset asOf, CancellationToken cancellationToken = default);
}
