namespace S2SAuth;

/// <summary>
/// Where <c>AddRedisReplayProtection()</c> keeps one-time values (webhook event ids, request-signature nonces), bound
/// from <c>ServiceAuth:Replay:Redis</c> and checked at start-up.
/// </summary>
public sealed class RedisReplayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = ReplayOptions.SectionName + ":Redis";

    /// <summary>
    /// The StackExchange.Redis configuration string (e.g. <c>redis-1:6379,password=...,ssl=true</c>); it is never logged.
    /// <c>abortConnect</c> is always turned off: an unreachable Redis answers 503 <c>replay_check_unavailable</c>, it does
    /// not stop the service from starting. When <see langword="null"/>, the <c>IConnectionMultiplexer</c> registered in
    /// the container is used (and not disposed by S2SAuth).
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every Redis key written (followed by the SHA-256 of the one-time value's kind, scope and value). Default <c>s2sauth:replay:</c>.</summary>
    public string KeyPrefix { get; set; } = "s2sauth:replay:";
}
