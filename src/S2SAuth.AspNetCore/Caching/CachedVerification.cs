using S2SAuth.Verification;

namespace S2SAuth.Caching;

/// <summary>
/// One entry of the <see cref="VerifiedTokenCache"/>: an immutable <see cref="VerifiedToken"/> and the cache's own
/// bookkeeping about it (the key set it was verified with, when the entry stops being used, and the trim's
/// second-chance bit).
/// </summary>
internal sealed class CachedVerification
{
    public CachedVerification(VerifiedToken verified, long keySetVersion, long expiresAtUtcTicks)
    {
        Verified = verified;
        KeySetVersion = keySetVersion;
        ExpiresAtUtcTicks = expiresAtUtcTicks;
    }

    /// <summary>What the verification established.</summary>
    public VerifiedToken Verified { get; }

    /// <summary>The exact token text: the entry's key.</summary>
    public string Token => Verified.Token;

    public TokenKind Kind => Verified.Kind;

    /// <summary>The <see cref="Keys.SigningKeySnapshot.Version"/> the signature was checked against.</summary>
    public long KeySetVersion { get; }

    /// <summary>When the entry stops being used: no later than the token's <c>exp</c> and the cache's maximum duration.</summary>
    public long ExpiresAtUtcTicks { get; }

    /// <summary>Set on each cache hit, cleared by the cache's trim: entries used since the last trim get a second chance.</summary>
    public bool RecentlyUsed { get; set; }
}
