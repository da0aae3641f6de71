namespace S2SAuth.Client;

/// <summary>What a user-scoped call sends as the user (<see cref="ServiceTokenHandlerOptions.UserToken"/>).</summary>
public enum UserTokenMode
{
    /// <summary>
    /// The incoming user token, as it came. Every downstream then holds a token whose audience and permissions were meant
    /// for the first service and may replay it wherever that audience is accepted: choose it when the downstream is
    /// named in the user token's audience and the call chain is short and trusted.
    /// </summary>
    Forward = 0,

    /// <summary>
    /// An OAuth 2.0 Token Exchange (RFC 8693) of the incoming user token at the issuer's token endpoint, authenticated as
    /// this service, for a token whose audience is this client's downstream only and whose scopes are the configured ones
    /// (never more than the user token holds); the issuer records this service as the actor (<c>act</c>). Cached per
    /// (user token, audience, scopes) until shortly before the earlier of the two tokens' expiry. If no exchanged token
    /// can be had the call fails with <see cref="OutgoingCallRefusedException"/> and is not sent: it never falls back to
    /// forwarding.
    /// </summary>
    Exchange = 1,
}
