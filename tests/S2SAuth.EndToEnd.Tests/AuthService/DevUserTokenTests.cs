using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthService.Hosting;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.AuthService;

[Collection(AuthServiceCollection.Name)]
public sealed class DevUserTokenTests(AuthServiceFixture fixture)
{
    [Fact]
    public async Task Dev_user_token_carries_the_spec_user_claims_signed_with_the_issuers_key()
    {
        var token = (await fixture.DevUserTokenAsync(TestAccounts.Alice)).Token();
        var serviceToken = await fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");

        var header = Jwt.Header(token);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(Jwt.Header(serviceToken).GetProperty("kid").GetString(), header.GetProperty("kid").GetString());
        var claims = Jwt.Payload(token);
        Assert.Equal("user", claims.GetProperty("type").GetString());
        Assert.Equal(TestAccounts.Alice, claims.GetProperty("sub").GetString());
        Assert.Equal(TestAccounts.AliceTenant, claims.GetProperty("tenant_id").GetString());
        Assert.Equal(JsonValueKind.Array, claims.GetProperty("permissions").ValueKind);
        Assert.Equal(["pricing.read", "pricing.resolve"], Jwt.Strings(claims.GetProperty("permissions")).Order(StringComparer.Ordinal));
        Assert.Equal(["pricing-reader"], Jwt.Strings(claims.GetProperty("roles")));
        Assert.Equal([TestAccounts.PricingAudience], Jwt.Strings(claims.GetProperty("aud")));
        Assert.Equal(Jwt.Payload(serviceToken).GetProperty("iss").GetString(), claims.GetProperty("iss").GetString());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
        Assert.InRange(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64(), 1, 300);
    }

    [Fact]
    public async Task Unknown_user_gets_400_and_no_token()
    {
        var result = await fixture.DevUserTokenAsync("mallory");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task Unknown_audience_gets_400_and_no_token()
    {
        var result = await fixture.DevUserTokenAsync(TestAccounts.Alice, ["payroll-service"]);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Null(result.AccessToken);
    }

    // The shared fixture is the third case: Development with DevUserTokens:Enabled=true serves tokens.
    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", false)]
    public async Task Dev_user_tokens_switched_off_answer_404_and_mint_nothing(string environment, bool enabled)
    {
        var settings = TestAccounts.Settings();
        settings["DevUserTokens:Enabled"] = enabled ? "true" : "false";
        await using var issuer = await AuthServiceHost.StartAsync(new AuthServiceStartOptions { Settings = settings, EnvironmentName = environment });
        using var http = new HttpClient { BaseAddress = issuer.BaseAddress };

        using var response = await http.PostAsJsonAsync("dev/user-tokens", new { userId = TestAccounts.Alice });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("access_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Dev_user_tokens_switched_on_outside_Development_fail_start_up_naming_the_key(string environment)
    {
        var settings = TestAccounts.Settings(); // DevUserTokens:Enabled=true

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => AuthServiceHost.StartAsync(new AuthServiceStartOptions { Settings = settings, EnvironmentName = environment }));

        Assert.Contains("DevUserTokens:Enabled", error.Message, StringComparison.Ordinal);
        Assert.Contains(environment, error.Message, StringComparison.Ordinal);
    }
}
