namespace S2SAuth.Revocation;

/// <summary>What the revocation state says of one verified token.</summary>
internal enum RevocationVerdict
{
    /// <summary>Not revoked, and the state can be trusted.</summary>
    Allowed = 0,

    /// <summary>Its issuer and <c>jti</c> are on the denylist: 401 <c>token_revoked</c>.</summary>
    TokenRevoked,

    /// <summary>Its subject was cut off after it was issued: 401 <c>token_revoked</c>.</summary>
    SubjectCutOff,

    /// <summary>The state is older than <c>MaxStaleness</c> (fail closed) or was never loaded: 503 <c>revocation_state_stale</c>.</summary>
    Stale,

    /// <summary>A revocation did not fit under <c>MaxEntries</c> and has not expired yet: 503 <c>revocation_state_overflow</c>.</summary>
    Overflow,
}
