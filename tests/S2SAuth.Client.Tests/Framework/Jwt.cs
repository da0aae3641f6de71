using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Client.Tests.Framework;

/// <summary>Reads the payload of a token the downstream received.</summary>
public static class Jwt
{
    public static JsonElement Payload(string token) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]))).RootElement;
}
