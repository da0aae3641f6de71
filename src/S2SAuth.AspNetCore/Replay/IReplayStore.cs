namespace S2SAuth.Replay;

/// <summary>
/// The shared memory of one-time values (webhook event ids, request-signature nonces): an atomic set-if-absent with a
/// lifetime. In memory for one instance (the default), on Redis for several (<c>AddRedisReplayProtection()</c>). A
/// store that cannot answer says so; callers then refuse (fail closed), never let the value through unchecked.
/// </summary>
internal interface IReplayStore
{
    /// <summary>
    /// Records <paramref name="key"/> as used until <paramref name="until"/>, atomically across every instance sharing
    /// the store: <see cref="ReplayCheck.FirstUse"/> for the one caller that recorded it, <see cref="ReplayCheck.Replay"/>
    /// for every later one while it is kept, <see cref="ReplayCheck.Unavailable"/> when the store cannot answer (or is
    /// full). The key is caller-influenced text: stores keep only a hash of it.
    /// </summary>
    ValueTask<ReplayCheck> TryFirstUseAsync(ReplayKey key, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets <paramref name="key"/> (best effort), so that the value is accepted once more: used when the work it
    /// guarded failed (a webhook endpoint threw or answered 5xx) and the sender's retry must get through. Stores that
    /// cannot forget do nothing.
    /// </summary>
    ValueTask ForgetAsync(ReplayKey key, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
