using System.Net;
using System.Text.Json;

namespace S2SAuth.EndToEnd.Tests.Framework;

public static class ProblemAssert
{
    /// <summary>Asserts the exact status and S2SAuth's error code in the problem details.</summary>
    public static async Task IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }
}
