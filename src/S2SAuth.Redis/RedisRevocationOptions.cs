namespace S2SAuth;

/// <summary>
/// The Redis store of revocations, bound from <c>ServiceAuth:Revocation:Redis</c> by <c>AddRedisRevocation()</c>.
/// The staleness bound and policy are <see cref="RevocationOptions"/>' (<c>ServiceAuth:Revocation</c>).
/// </summary>
public sealed class RedisRevocationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = RevocationOptions.SectionName + ":Redis";

    /// <summary>
    /// The StackExchange.Redis configuration string, e.g. <c>redis.internal:6379,password=...,ssl=true</c>. Required.
    /// Keep the password out of committed files (environment variable <c>ServiceAuth__Revocation__Redis__Configuration</c>).
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel S2SAuth uses. Default <c>s2sauth:revocation:</c>; give each environment its own when they share a server.</summary>
    public string KeyPrefix { get; set; } = "s2sauth:revocation:";

    /// <summary>
    /// How often the log is read even without a push (catch-up after a missed message, and the sync that keeps the state
    /// fresh). Default 1 second; must be at most half of <c>ServiceAuth:Revocation:MaxStaleness</c>.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long start-up waits for the full state before the service starts anyway (answering 503 <c>revocation_state_stale</c> until it is loaded). Default 10 seconds.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Entries kept in the revocation log (a Redis Stream, trimmed approximately). An instance further behind reloads the full state instead. Default 100,000.</summary>
    public int StreamMaxLength { get; set; } = 100_000;
}
