using System.Text.Json.Serialization;

namespace AuthService.DevTokens;

/// <summary>Answer of <c>POST /dev/user-tokens</c>, shaped like an OAuth2 token response.</summary>
public sealed record DevUserTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn)
{
    [JsonPropertyName("token_type")]
    public string TokenType => "Bearer";

    /// <summary>Never print the token.</summary>
    public override string ToString() => "DevUserTokenResponse";
}
