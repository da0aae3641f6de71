using System.Net;
using System.Text.Json;
using AuthService.Hosting;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.AuthService;

/// <summary>What only the Development environment allows: plain HTTP, the dev user tokens, the committed demo secrets.</summary>
public sealed class EnvironmentTests
{
    [Theory]
    [InlineData(".well-known/openid-configuration")]
    [InlineData(".well-known/jwks")]
    public async Task Production_issuer_refuses_plain_http_metadata_with_invalid_request(string path)
    {
        await using var issuer = await StartProductionAsync();
        using var http = new HttpClient { BaseAddress = issuer.BaseAddress };

        using var response = await http.GetAsync(path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body.RootElement.GetProperty("error").GetString());
        Assert.Contains("only accepts HTTPS requests", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.False(body.RootElement.TryGetProperty("keys", out _));
        Assert.False(body.RootElement.TryGetProperty("token_endpoint", out _));
    }

    [Fact]
    public async Task Production_issuer_refuses_a_plain_http_token_request_with_invalid_request()
    {
        await using var issuer = await StartProductionAsync();
        using var http = new HttpClient { BaseAddress = issuer.BaseAddress };

        using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestAccounts.Orders,
            ["client_secret"] = TestAccounts.OrdersSecret,
            ["scope"] = "pricing.resolve",
        }));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body.RootElement.GetProperty("error").GetString());
        Assert.Contains("only accepts HTTPS requests", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.False(body.RootElement.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Development_issuer_serves_plain_http_on_loopback()
    {
        await using var issuer = await AuthServiceHost.StartAsync(new AuthServiceStartOptions { Settings = TestAccounts.Settings(), EnvironmentName = "Development" });
        using var http = new HttpClient { BaseAddress = issuer.BaseAddress };

        using var response = await http.GetAsync(".well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Demo_secrets_outside_Development_fail_start_up_naming_the_accounts_not_the_secrets()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AuthServiceHost.StartAsync(new AuthServiceStartOptions
        {
            UseDemoSettings = true,
            EnvironmentName = "Production",
        }));

        Assert.Contains("ServiceAccounts: 'orders-service'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceAccounts: 'billing-worker'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-8f2c", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-41d7", error.Message, StringComparison.Ordinal);
    }

    private static Task<AuthServiceInstance> StartProductionAsync()
    {
        var settings = TestAccounts.Settings();
        settings["DevUserTokens:Enabled"] = "false";
        return AuthServiceHost.StartAsync(new AuthServiceStartOptions { Settings = settings, EnvironmentName = "Production" });
    }
}
