using System.Net;
using System.Text.Json;

namespace S2SAuth.Tests.Shared;

/// <summary>Asserts S2SAuth's refusals: RFC 9457 problem details with the stable code.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts the exact status, the problem+json body with the code, and WWW-Authenticate on 401.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Equal("urn:s2sauth:error:" + code, json.GetProperty("type").GetString());
        if (status == HttpStatusCode.Unauthorized)
        {
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }

        return json;
    }
}
