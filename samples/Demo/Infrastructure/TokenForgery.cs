using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Demo.Infrastructure;

/// <summary>What an attacker can do with a token they hold: read its claims, edit them and keep the old signature.</summary>
public static class TokenForgery
{
    /// <summary>The token's payload, unverified: what anyone holding it can read.</summary>
    public static JsonObject Claims(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();
    }

    public static string EditClaims(string token, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var parts = token.Split('.');
        var claims = Claims(token);
        edit(claims);
        return string.Join('.', parts[0], Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims)), parts[2]);
    }
}
