namespace S2SAuth.Idempotency;

/// <summary>
/// Where idempotency records live: one value per scoped key, first a claim (a run is in progress), then the stored
/// response. Values are opaque bytes (<see cref="IdempotencyRecord"/>). Every operation is atomic on its key. A store
/// that cannot answer throws; the caller refuses the request with 503, never runs the endpoint unprotected.
/// </summary>
internal interface IIdempotencyStore
{
    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="claim"/> for <paramref name="lifetime"/> if it holds nothing:
    /// returns <see langword="null"/> then (the caller owns the key), else the value it holds.
    /// </summary>
    Task<byte[]?> TryClaimAsync(string key, byte[] claim, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces <paramref name="claim"/> with <paramref name="record"/>, kept for <paramref name="lifetime"/>, if the key
    /// still holds that claim (it did not expire and was not taken over); returns whether it did.
    /// </summary>
    Task<bool> CompleteAsync(string key, byte[] claim, byte[] record, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="key"/> if it still holds <paramref name="claim"/>, so a retry can run again.</summary>
    Task ReleaseAsync(string key, byte[] claim, CancellationToken cancellationToken);
}
