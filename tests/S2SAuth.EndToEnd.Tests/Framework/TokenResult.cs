using System.Net;
using System.Text.Json;

namespace S2SAuth.EndToEnd.Tests.Framework;

/// <summary>A token endpoint's answer: the status and the JSON body.</summary>
public sealed record TokenResult(HttpStatusCode Status, JsonElement Body)
{
    public string? AccessToken => Body.TryGetProperty("access_token", out var token) ? token.GetString() : null;

    public string? Error => Body.TryGetProperty("error", out var error) ? error.GetString() : null;

    /// <summary>The token, asserting the request succeeded.</summary>
    public string Token()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Expected a token, got {(int)Status}: {Body}");
        return AccessToken ?? throw new Xunit.Sdk.XunitException("The answer holds no access_token.");
    }

    /// <summary>Never print a token in a test failure either.</summary>
    public override string ToString() => $"{(int)Status} {Error}";
}
