namespace S2SAuth;

/// <summary>
/// Revocation of tokens and subjects, bound from <c>ServiceAuth:Revocation</c> by <c>AddRevocation()</c> (and
/// <c>AddRedisRevocation()</c>). The state is held in memory and checked on every request without a network call;
/// a shared store (Redis) keeps it in step across instances.
/// </summary>
public sealed class RevocationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = ServiceAuthOptions.SectionName + ":Revocation";

    /// <summary>
    /// Most entries (revoked tokens plus subject cut-offs) held in memory. Default 100,000 (about 25 MB). Entries leave
    /// by themselves when their tokens expire; if the cap is still reached, the state is incomplete and every request
    /// is refused with 503 <c>revocation_state_overflow</c> until the entries that did not fit have expired (fail closed).
    /// </summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>
    /// How long the state may go without a confirmed sync with the shared store before <see cref="StalePolicy"/> applies.
    /// Default 30 seconds: longer than a Redis restart or fail-over usually takes, short against token lifetimes.
    /// Unused by the in-memory store, which is never stale.
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What a request meets once the state is older than <see cref="MaxStaleness"/> (or was never loaded). Default <see cref="RevocationStalePolicy.FailClosed"/>.</summary>
    public RevocationStalePolicy StalePolicy { get; set; } = RevocationStalePolicy.FailClosed;

    /// <summary>How often expired entries are swept out of memory. Default 30 seconds.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Set by a shared store's registration (<c>AddRedisRevocation</c>): the state must be loaded and kept in sync.</summary>
    internal bool SharedStore { get; set; }
}
