using System.Net;
using System.Text.Json;

namespace S2SAuth.AspNetCore.Tests.Webhooks;

/// <summary>Asserts a webhook endpoint's answers: refusals as problem details with the exact status and code, and the fixed duplicate answer.</summary>
internal static class WebhookAssert
{
    public static async Task<JsonElement> RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Equal("urn:s2sauth:error:" + code, json.GetProperty("type").GetString());
        if (status == HttpStatusCode.Unauthorized)
        {
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Webhook-Signature");
        }

        return json;
    }

    public static async Task DuplicateAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"received":true,"duplicate":true,"code":"webhook_duplicate"}""", body);
    }

    public static async Task<JsonElement> DeliveredAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.False(json.TryGetProperty("duplicate", out _));
        return json;
    }
}
