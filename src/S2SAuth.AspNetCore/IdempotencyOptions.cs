namespace S2SAuth;

/// <summary>
/// Receiving-side idempotency (<c>.RequireIdempotency()</c>), bound from <c>ServiceAuth:Idempotency</c> and checked at
/// start-up. A state-changing call (POST, PUT, PATCH, DELETE) with an <c>Idempotency-Key</c> runs its endpoint once per
/// calling service, user, tenant and key; the first response is stored for <see cref="Lifetime"/> and replayed to retries.
/// The store is in memory (one instance; <c>AddIdempotency()</c>) or shared on Redis (<c>AddRedisIdempotency()</c>).
/// </summary>
public sealed class IdempotencyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = ServiceAuthOptions.SectionName + ":Idempotency";

    /// <summary>
    /// Whether a state-changing call to an idempotent endpoint must carry <c>Idempotency-Key</c>. Default
    /// <see langword="true"/>: a call without one is refused with 400 <c>idempotency_key_missing</c>. When
    /// <see langword="false"/>, such a call runs unprotected (nothing is stored; a retry runs the endpoint again).
    /// </summary>
    public bool RequireKey { get; set; } = true;

    /// <summary>How long a stored response is replayed to retries. Default 24 hours; between 1 minute and 7 days.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a key stays claimed by a run that has not finished (a duplicate meanwhile gets 409
    /// <c>idempotency_in_progress</c>). It bounds how long a key stays blocked when an instance dies mid-run; set it above
    /// your longest request. Default 2 minutes; between 1 second and 1 hour, and at most <see cref="Lifetime"/>.
    /// </summary>
    public TimeSpan InProgressLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Largest response body stored, in bytes. A larger response is sent but not stored: a retry is answered 409
    /// <c>idempotency_response_not_stored</c> and the endpoint is not run again. Default 262,144 (256 KiB); between 0 and 16 MiB.
    /// </summary>
    public int MaxResponseBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Response headers stored and replayed besides <c>Content-Type</c>, <c>Content-Language</c>, <c>Content-Location</c>,
    /// <c>Location</c>, <c>ETag</c> and <c>Last-Modified</c> (always stored). Cookies and credential headers are refused.
    /// </summary>
    public IList<string> StoredHeaders { get; } = [];

    /// <summary>
    /// Time limit of one store operation; beyond it the call is refused with 503 <c>idempotency_store_unavailable</c>.
    /// Default 2 seconds; between 10 milliseconds and 30 seconds.
    /// </summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The in-memory store's bound on keys held at once (claimed or stored). When full of unexpired keys, a new key is
    /// refused with 503 <c>idempotency_store_unavailable</c>; a stored response is never dropped early. Default 10,000.
    /// </summary>
    public int MemoryMaxEntries { get; set; } = 10_000;

    /// <summary>The in-memory store's bound on bytes held at once (stored responses and their headers). Default 64 MiB.</summary>
    public long MemoryMaxBytes { get; set; } = 64L * 1024 * 1024;
}
