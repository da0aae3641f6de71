using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Demo.Infrastructure;

/// <summary>What an attacker can do with a token they hold: edit its claims and keep the old signature.</summary>
public static class TokenForgery
{
    public static string EditClaims(string token, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(edit);
        var parts = token.Split('.');
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        edit(claims);
        return string.Join('.', parts[0], Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims)), parts[2]);
    }
}
