namespace S2SAuth.Delegation;

/// <summary>What <see cref="ActorChain"/> read: the actors, most recent first, or the refusal's code and safe detail.</summary>
internal readonly record struct ActorChainResult(IReadOnlyList<string> Actors, string? ErrorCode, string? Detail)
{
    /// <summary>No <c>act</c> claim: no actors.</summary>
    public static ActorChainResult None { get; } = new([], null, null);

    public bool Succeeded => ErrorCode is null;

    public static ActorChainResult Of(string[] actors) => new(actors, null, null);

    public static ActorChainResult Invalid(string detail) => new([], AuthErrorCodes.ActorChainInvalid, detail);

    public static ActorChainResult TooDeep(string detail) => new([], AuthErrorCodes.ActorChainTooDeep, detail);
}
