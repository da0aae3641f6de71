using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.AspNetCore.Tests.Framework;

/// <summary>Raw surgery on compact JWS strings, for tokens that no well-behaved builder would produce.</summary>
public static class Jws
{
    /// <summary>The base64url encoding of <paramref name="json"/> as UTF-8.</summary>
    public static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    /// <summary>The decoded JSON of segment <paramref name="index"/> (0 header, 1 payload).</summary>
    public static string Decode(string token, int index) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[index]));

    /// <summary>The token with segment <paramref name="index"/> replaced by <paramref name="raw"/> (already encoded).</summary>
    public static string WithSegment(string token, int index, string raw)
    {
        var parts = token.Split('.');
        parts[index] = raw;
        return string.Join('.', parts);
    }

    /// <summary>The token with its header replaced by <paramref name="json"/>; payload and signature untouched.</summary>
    public static string WithHeader(string token, string json) => WithSegment(token, 0, Encode(json));

    /// <summary>The token with its payload replaced by <paramref name="json"/>; header and signature untouched.</summary>
    public static string WithPayload(string token, string json) => WithSegment(token, 1, Encode(json));
}
