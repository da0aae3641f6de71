namespace S2SAuth;

/// <summary>
/// The in-memory replay store of one instance (webhook event ids, request-signature nonces), bound from
/// <c>ServiceAuth:Replay</c>. With several instances, <c>AddRedisReplayProtection()</c> (S2SAuth.Redis) replaces it.
/// </summary>
public sealed class ReplayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = ServiceAuthOptions.SectionName + ":Replay";

    /// <summary>
    /// How many one-time values are kept at most (about 60 bytes each). When full of live values, new ones are refused
    /// with 503 <c>replay_check_unavailable</c> (fail closed), never by forgetting a live one. Default 1,000,000.
    /// </summary>
    public int MaxEntries { get; set; } = 1_000_000;
}
