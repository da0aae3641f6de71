namespace S2SAuth.Replay;

/// <summary>The answer of <see cref="IReplayStore.TryFirstUseAsync"/>.</summary>
internal enum ReplayCheck
{
    /// <summary>Not seen before: recorded now.</summary>
    FirstUse,

    /// <summary>Seen before and still kept: a replay.</summary>
    Replay,

    /// <summary>The store cannot answer (unreachable, timed out, full): refuse, retry later.</summary>
    Unavailable,
}
