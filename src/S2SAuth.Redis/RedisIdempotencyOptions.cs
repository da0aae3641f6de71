namespace S2SAuth;

/// <summary>
/// Where <c>AddRedisIdempotency()</c> keeps idempotency keys and stored responses, bound from
/// <c>ServiceAuth:Idempotency:Redis</c> and checked at start-up. What is kept and for how long is set by
/// <see cref="IdempotencyOptions"/> (<c>ServiceAuth:Idempotency</c>).
/// </summary>
public sealed class RedisIdempotencyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = IdempotencyOptions.SectionName + ":Redis";

    /// <summary>
    /// The StackExchange.Redis configuration string (e.g. <c>redis-1:6379,redis-2:6379,password=...,ssl=true</c>); it
    /// is never logged. <c>abortConnect</c> is always turned off: an unreachable Redis answers 503, it does not stop the
    /// service from starting. When <see langword="null"/>, the <c>IConnectionMultiplexer</c> registered in the container
    /// is used (and not disposed by S2SAuth).
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every Redis key written (followed by a SHA-256 of the key's scope). Default <c>s2sauth:idempotency:</c>.</summary>
    public string KeyPrefix { get; set; } = "s2sauth:idempotency:";
}
