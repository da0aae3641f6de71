using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Client.Tokens;

namespace S2SAuth.AspNetCore.Tests.HealthChecks;

/// <summary><c>/healthz</c> over real Kestrel: 200 when healthy, 503 when a check is unhealthy, and no secret in the body.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_answers_200_when_healthy_and_503_when_not_and_never_shows_a_token_key_or_secret()
    {
        await using var env = await HealthApi.StartAsync(tokenClient: true);
        var token = await env.App.Services.GetRequiredService<ServiceTokenCache>()
            .GetSlot(TokenKey.For("pricing-service", ["pricing.resolve"])).GetAsync(CancellationToken.None);

        using var healthy = await env.Http.GetAsync("/healthz");
        var healthyBody = await healthy.Content.ReadAsStringAsync();

        env.Issuer.IsAvailable = false;
        env.Time.Advance(HealthApi.MaxStaleness);
        using var unhealthy = await env.Http.GetAsync("/healthz");
        var unhealthyBody = await unhealthy.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        using var report = JsonDocument.Parse(unhealthyBody);
        Assert.Equal("Unhealthy", report.RootElement.GetProperty("checks").GetProperty("s2sauth-signing-keys").GetProperty("status").GetString());
        Assert.Equal("http_503", report.RootElement.GetProperty("checks").GetProperty("s2sauth-signing-keys").GetProperty("Data").GetProperty("last_error").GetString());
        var jwk = Microsoft.IdentityModel.Tokens.JsonWebKeyConverter.ConvertFromSecurityKey(env.Issuer.CurrentKey.SecurityKey);
        var material = jwk.N ?? jwk.X;
        Assert.False(string.IsNullOrEmpty(material));
        foreach (var body in new[] { healthyBody, unhealthyBody })
        {
            Assert.Contains("s2sauth-service-token", body);
            Assert.DoesNotContain(HealthApi.ClientSecret, body);
            Assert.DoesNotContain(token.Value, body);
            Assert.DoesNotContain(token.Value.Split('.')[2], body);
            Assert.DoesNotContain(material, body);
        }
    }
}
