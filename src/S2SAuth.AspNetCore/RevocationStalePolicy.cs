namespace S2SAuth;

/// <summary>What S2SAuth does once its revocation state is older than <see cref="RevocationOptions.MaxStaleness"/>.</summary>
public enum RevocationStalePolicy
{
    /// <summary>Refuse every request with 503 <c>revocation_state_stale</c> (and <c>Retry-After</c>) until the state is fresh again. The default.</summary>
    FailClosed = 0,

    /// <summary>Keep applying the last known state and let other tokens through; a warning is logged and the staleness metric shows it.</summary>
    FailOpen = 1,
}
