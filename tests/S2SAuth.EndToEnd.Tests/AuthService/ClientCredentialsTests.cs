using System.Net;
using System.Text.Json;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.AuthService;

[Collection(AuthServiceCollection.Name)]
public sealed class ClientCredentialsTests(AuthServiceFixture fixture)
{
    [Theory]
    [InlineData(ClientAuthentication.Basic)]
    [InlineData(ClientAuthentication.Post)]
    public async Task Client_credentials_yield_a_service_token_with_the_spec_claims(ClientAuthentication authentication)
    {
        var result = await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve", authentication);

        var token = result.Token();
        var header = Jwt.Header(token);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
        var claims = Jwt.Payload(token);
        Assert.Equal("service", claims.GetProperty("type").GetString());
        Assert.Equal(TestAccounts.Orders, claims.GetProperty("sub").GetString());
        Assert.Equal(TestAccounts.Orders, claims.GetProperty("client_id").GetString());
        Assert.Equal(JsonValueKind.Array, claims.GetProperty("scopes").ValueKind);
        Assert.Equal(["pricing.resolve"], Jwt.Strings(claims.GetProperty("scopes")));
        Assert.Equal("pricing.resolve", claims.GetProperty("scope").GetString());
        Assert.Equal([TestAccounts.PricingAudience], Jwt.Strings(claims.GetProperty("aud")));
        Assert.Equal(fixture.Issuer.BaseAddress.AbsoluteUri, claims.GetProperty("iss").GetString());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
        Assert.False(claims.TryGetProperty("tenant_id", out _));
        var lifetime = claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64();
        Assert.InRange(lifetime, 1, 300);
    }

    [Fact]
    public async Task Token_response_is_a_bearer_token_of_five_minutes_at_most()
    {
        var result = await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("Bearer", result.Body.GetProperty("token_type").GetString());
        Assert.InRange(result.Body.GetProperty("expires_in").GetInt32(), 1, 300);
        Assert.False(result.Body.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task Tenant_scoped_account_gets_its_tenant_id_in_the_token()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, "pricing.resolve");

        var claims = Jwt.Payload(token);
        Assert.Equal(TestAccounts.Worker, claims.GetProperty("sub").GetString());
        Assert.Equal(TestAccounts.WorkerTenant, claims.GetProperty("tenant_id").GetString());
    }

    [Fact]
    public async Task Each_granted_scope_adds_the_audience_it_is_registered_for()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve billing.reconcile");

        var claims = Jwt.Payload(token);
        Assert.Equal([TestAccounts.BillingAudience, TestAccounts.PricingAudience], Jwt.Strings(claims.GetProperty("aud")).Order(StringComparer.Ordinal));
        Assert.Equal(["billing.reconcile", "pricing.resolve"], Jwt.Strings(claims.GetProperty("scopes")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_token_gets_its_own_jti()
    {
        var first = Jwt.Payload(await fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve"));
        var second = Jwt.Payload(await fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve"));

        Assert.NotEqual(first.GetProperty("jti").GetString(), second.GetProperty("jti").GetString());
    }

    [Fact]
    public async Task Signing_key_of_the_token_is_published_in_the_jwks()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");

        var jwks = JsonDocument.Parse(await fixture.Http.GetStringAsync(".well-known/jwks")).RootElement;
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray(), k => k.GetProperty("kid").GetString() == Jwt.Header(token).GetProperty("kid").GetString());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.False(key.TryGetProperty("d", out _), "The JWKS must never publish the private exponent.");
    }

    [Fact]
    public async Task Audience_parameter_is_refused_outside_token_exchange()
    {
        var result = await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve", extra: ("audience", TestAccounts.PricingAudience));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_request", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task Unregistered_resource_parameter_is_refused_with_invalid_target()
    {
        var result = await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve", extra: ("resource", "urn:pricing-service"));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_target", result.Error);
        Assert.Null(result.AccessToken);
    }
}
