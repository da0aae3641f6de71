using System.Net;
using System.Text.Json;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.AuthService;

[Collection(AuthServiceCollection.Name)]
public sealed class DiscoveryTests(AuthServiceFixture fixture)
{
    [Fact]
    public async Task Discovery_advertises_the_token_jwks_introspection_and_revocation_endpoints()
    {
        var discovery = JsonDocument.Parse(await fixture.Http.GetStringAsync(".well-known/openid-configuration")).RootElement;

        var issuer = fixture.Issuer.BaseAddress;
        Assert.Equal(issuer.AbsoluteUri, discovery.GetProperty("issuer").GetString());
        Assert.Equal(new Uri(issuer, "connect/token").AbsoluteUri, discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(new Uri(issuer, ".well-known/jwks").AbsoluteUri, discovery.GetProperty("jwks_uri").GetString());
        Assert.Equal(new Uri(issuer, "connect/introspect").AbsoluteUri, discovery.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(new Uri(issuer, "connect/revoke").AbsoluteUri, discovery.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(["client_credentials"], Jwt.Strings(discovery.GetProperty("grant_types_supported")));
        Assert.Contains("client_secret_basic", Jwt.Strings(discovery.GetProperty("token_endpoint_auth_methods_supported")));
        Assert.Contains("client_secret_post", Jwt.Strings(discovery.GetProperty("token_endpoint_auth_methods_supported")));
        Assert.Contains("pricing.resolve", Jwt.Strings(discovery.GetProperty("scopes_supported")));
    }

    [Fact]
    public async Task Introspection_by_the_tokens_client_reports_it_active()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, "pricing.resolve");

        var result = await fixture.PostFormAsync("connect/introspect", TestAccounts.Worker, TestAccounts.WorkerSecret, ("token", token));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.True(result.Body.GetProperty("active").GetBoolean());
        Assert.Equal(TestAccounts.Worker, result.Body.GetProperty("sub").GetString());
        Assert.Equal(TestAccounts.Worker, result.Body.GetProperty("client_id").GetString());
        Assert.Equal(Jwt.Payload(token).GetProperty("jti").GetString(), result.Body.GetProperty("jti").GetString());
        Assert.Equal([TestAccounts.PricingAudience], Jwt.Strings(result.Body.GetProperty("aud")));
    }

    [Fact]
    public async Task Introspection_by_an_unrelated_client_reports_the_token_inactive()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, "pricing.resolve");

        var result = await fixture.PostFormAsync("connect/introspect", TestAccounts.Orders, TestAccounts.OrdersSecret, ("token", token));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.False(result.Body.GetProperty("active").GetBoolean());
        Assert.False(result.Body.TryGetProperty("sub", out _));
    }

    [Fact]
    public async Task Revoked_token_is_reported_inactive_by_introspection()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, "pricing.resolve");

        var revoked = await fixture.PostFormAsync("connect/revoke", TestAccounts.Worker, TestAccounts.WorkerSecret, ("token", token), ("token_type_hint", "access_token"));
        var result = await fixture.PostFormAsync("connect/introspect", TestAccounts.Worker, TestAccounts.WorkerSecret, ("token", token));

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.False(result.Body.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspection_needs_client_authentication()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, "pricing.resolve");

        var result = await fixture.PostFormAsync("connect/introspect", TestAccounts.Worker, "not-the-secret-of-the-worker", ("token", token));

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.False(result.Body.TryGetProperty("active", out _));
    }
}
