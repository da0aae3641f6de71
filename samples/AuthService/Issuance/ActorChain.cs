using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthService.Issuance;

/// <summary>
/// The RFC 8693 §4.1 <c>act</c> claim: <c>{"sub": "&lt;actor&gt;", "act": {...}}</c>, most recent actor outermost.
/// Reads the depth of a subject token's chain and nests it under a new actor.
/// </summary>
internal static class ActorChain
{
    public const string Claim = "act";

    /// <summary>
    /// The number of actors in <paramref name="act"/> (0 when absent), or <see langword="null"/> when it is not a chain of
    /// objects each with a non-empty string <c>sub</c>. Stops counting past <paramref name="limit"/>.
    /// </summary>
    public static int? Depth(string? act, int limit)
    {
        if (string.IsNullOrEmpty(act))
        {
            return 0;
        }

        try
        {
            using var document = JsonDocument.Parse(act, new JsonDocumentOptions { MaxDepth = 64 });
            var element = document.RootElement;
            var depth = 0;
            while (true)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("sub", out var sub)
                    || sub.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(sub.GetString()))
                {
                    return null;
                }

                if (++depth > limit || !element.TryGetProperty(Claim, out var inner))
                {
                    return depth;
                }

                element = inner;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>{"sub": actor}</c> with <paramref name="previous"/> (the subject token's own <c>act</c>), if any, nested as <c>act</c>.</summary>
    public static string Nest(string actor, string? previous)
    {
        var chain = new JsonObject { ["sub"] = actor };
        if (!string.IsNullOrEmpty(previous))
        {
            chain[Claim] = JsonNode.Parse(previous);
        }

        return chain.ToJsonString();
    }
}
