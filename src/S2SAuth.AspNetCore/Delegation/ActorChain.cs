using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace S2SAuth.Delegation;

/// <summary>
/// Reads a user token's delegation chain: the RFC 8693 §4.1 <c>act</c> claim, a JSON object naming the most recent
/// actor, with the actor before it nested in its own <c>act</c>, and so on. Walked in a loop, never recursively, and no
/// further than the configured depth, so a hostile token cannot make the reader work or allocate beyond that. Fails
/// closed: any shape that is not a chain of objects each naming its actor refuses the token.
/// </summary>
internal static class ActorChain
{
    /// <summary>The claim holding the chain, also the problem's <c>claim</c> member of its refusals.</summary>
    public const string Claim = "act";

    /// <summary>Reads the chain of <paramref name="token"/>: empty when it has no <c>act</c> claim.</summary>
    public static ActorChainResult Read(JsonWebToken token, int maxDepth)
    {
        if (!token.TryGetPayloadValue<object>(Claim, out var value))
        {
            return ActorChainResult.None;
        }

        return value is JsonElement element
            ? Read(element, maxDepth)
            : ActorChainResult.Invalid("The token's 'act' claim is not a JSON object.");
    }

    /// <summary>Reads the chain whose outermost actor is <paramref name="act"/> (the value of the token's <c>act</c> claim).</summary>
    public static ActorChainResult Read(JsonElement act, int maxDepth)
    {
        var actors = new List<string>(Math.Min(maxDepth, 4));
        var current = act;
        while (true)
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                return ActorChainResult.Invalid(actors.Count == 0
                    ? "The token's 'act' claim is not a JSON object."
                    : "A nested 'act' of the token's delegation chain is not a JSON object.");
            }

            if (actors.Count == maxDepth)
            {
                return ActorChainResult.TooDeep($"The token's delegation chain names more than {maxDepth} actors.");
            }

            if (ActorId(current) is not { } id)
            {
                return ActorChainResult.Invalid("An actor of the token's delegation chain names itself by no 'sub' or 'client_id' string.");
            }

            actors.Add(id);
            if (!current.TryGetProperty(Claim, out current))
            {
                return ActorChainResult.Of(actors.ToArray());
            }
        }
    }

    /// <summary>
    /// The actor's id: its <c>sub</c>, which must then be a non-empty string; only when it has none, its <c>client_id</c>
    /// (a non-empty string). Anything else names no actor.
    /// </summary>
    private static string? ActorId(JsonElement actor)
    {
        if (actor.TryGetProperty("sub", out var subject))
        {
            return subject.ValueKind == JsonValueKind.String && subject.GetString() is { Length: > 0 } sub ? sub : null;
        }

        return actor.TryGetProperty("client_id", out var client) && client.ValueKind == JsonValueKind.String && client.GetString() is { Length: > 0 } clientId
            ? clientId
            : null;
    }
}
