namespace S2SAuth.Revocation;

/// <summary>What applying one revocation did to the state.</summary>
internal enum ApplyOutcome
{
    /// <summary>A new entry.</summary>
    Added = 0,

    /// <summary>An entry was there and now reaches later (a later <c>exp</c> or cut-off).</summary>
    Extended,

    /// <summary>An entry at least as strong was there already (e.g. the echo of a local revocation from the store).</summary>
    Unchanged,

    /// <summary>It can no longer matter (the token has expired, the cut-off is past its retention): nothing kept.</summary>
    Expired,

    /// <summary>It did not fit under <c>MaxEntries</c>: the state fails closed until it would have expired.</summary>
    Overflow,
}
