namespace S2SAuth;

/// <summary>
/// The verified-token cache, bound from <c>ServiceAuth:VerifiedTokenCache</c>. A service sees the same service token on
/// every call for its lifetime, so S2SAuth keeps the outcome of a successful verification, keyed by the exact token,
/// and skips the signature check and claim parsing when the token comes again. An entry lives no longer than the
/// token's <c>exp</c> and <see cref="MaxDuration"/>, and no longer than the signing-key set it was verified with.
/// Failures are never cached. Checks that must run on every request (revocation) still run on a cache hit.
/// </summary>
public sealed class VerifiedTokenCacheOptions
{
    /// <summary>Whether verified tokens are cached. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Longest time an entry is used before the token is verified again, even if it expires later. Default 5 minutes.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most entries held at once. Default 10,000.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Most characters of token text held at once, summed over all entries. Default 4,194,304 (8 MiB of text).</summary>
    public long MaxTotalCharacters { get; set; } = 4 * 1024 * 1024;

    /// <summary>Tokens longer than this (in characters) are never cached. Default 4,096.</summary>
    public int MaxTokenLength { get; set; } = 4096;
}
