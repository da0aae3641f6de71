namespace S2SAuth;

/// <summary>
/// How delegated user tokens are received (<c>ServiceAuth:Delegation</c>): a user token exchanged for a service (RFC 8693
/// token exchange) names that service, and every earlier one, in its nested <c>act</c> claim, read into
/// <see cref="UserIdentity.Actors"/>. These rules decide which chains a request may carry. See docs/token-exchange.md.
/// </summary>
public sealed class DelegationOptions
{
    /// <summary>The default <see cref="MaxActorDepth"/>.</summary>
    public const int DefaultMaxActorDepth = 5;

    /// <summary>
    /// The most actors a user token's <c>act</c> chain may name (1–32). Default 5. A longer chain is refused with
    /// <c>actor_chain_too_deep</c>, read no further than this.
    /// </summary>
    public int MaxActorDepth { get; set; } = DefaultMaxActorDepth;

    /// <summary>
    /// When a user token carries an <c>act</c> chain, the request must carry a service credential (token, certificate,
    /// signed request or API key) proving the chain's most recent actor, else it is refused with <c>actor_not_caller</c>:
    /// a token exchanged for one service cannot be replayed by another. Default <see langword="true"/>.
    /// </summary>
    public bool RequireActorIsCaller { get; set; } = true;

    /// <summary>
    /// When a user token arrives with a service credential it must carry an <c>act</c> chain (it was exchanged, not
    /// forwarded), else the request is refused with <c>actor_missing</c>. A user token without a calling service (from a
    /// gateway) is not affected. Default <see langword="false"/> (forwarded tokens are accepted).
    /// </summary>
    public bool RequireActor { get; set; }
}
