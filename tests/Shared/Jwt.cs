using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Tests.Shared;

/// <summary>Reads a JWS's header and payload as JSON, without verifying it (assertions only).</summary>
public static class Jwt
{
    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    public static string[] Strings(JsonElement claim) =>
        claim.ValueKind == JsonValueKind.Array ? [.. claim.EnumerateArray().Select(e => e.GetString()!)] : [claim.GetString()!];

    private static JsonElement Part(string token, int index) =>
        JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.Split('.')[index])).RootElement.Clone();
}
