using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.Verification;

/// <summary>Tokens of the real AuthService, verified by S2SAuth in an API that knows only the issuer's URL.</summary>
[Collection(AuthServiceCollection.Name)]
public sealed class AuthServiceTokenVerificationTests(AuthServiceFixture fixture) : IAsyncLifetime
{
    private ProtectedApi _pricing = null!;

    public async Task InitializeAsync() => _pricing = await ProtectedApi.StartAsync(fixture.Authority, TestAccounts.PricingAudience);

    public async Task DisposeAsync() => await _pricing.DisposeAsync();

    [Fact]
    public async Task Service_token_verifies_as_the_calling_service()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");

        using var response = await _pricing.GetAsync("/system", serviceToken: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(TestAccounts.Orders, body.GetProperty("service").GetString());
        Assert.Equal(["pricing.resolve"], Jwt.Strings(body.GetProperty("scopes")));
        Assert.Equal(Jwt.Payload(token).GetProperty("jti").GetString(), body.GetProperty("tokenId").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("tenant").ValueKind);
    }

    [Fact]
    public async Task Tenant_scoped_service_token_sets_the_tenant()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, "pricing.resolve");

        using var response = await _pricing.GetAsync("/system", serviceToken: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(TestAccounts.Worker, body.GetProperty("service").GetString());
        Assert.Equal(TestAccounts.WorkerTenant, body.GetProperty("tenant").GetString());
        Assert.Equal(TestAccounts.WorkerTenant, body.GetProperty("derivedTenant").GetString());
    }

    [Fact]
    public async Task Dev_user_token_verifies_as_the_user()
    {
        var token = (await fixture.DevUserTokenAsync(TestAccounts.Alice)).Token();

        using var response = await _pricing.GetAsync("/gateway", userToken: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(TestAccounts.Alice, body.GetProperty("user").GetString());
        Assert.Equal(TestAccounts.AliceTenant, body.GetProperty("tenant").GetString());
        Assert.Equal(TestAccounts.AliceTenant, body.GetProperty("derivedTenant").GetString());
        Assert.Equal(["pricing.read", "pricing.resolve"], Jwt.Strings(body.GetProperty("permissions")));
        Assert.Equal(["pricing-reader"], Jwt.Strings(body.GetProperty("roles")));
    }

    [Fact]
    public async Task Service_token_for_another_audience_is_401_audience_invalid()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "billing.reconcile");

        using var response = await _pricing.GetAsync("/system", serviceToken: token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.AudienceInvalid);
    }

    [Fact]
    public async Task Expired_dev_user_token_is_401_token_expired()
    {
        var token = (await fixture.DevUserTokenAsync(TestAccounts.Alice, expired: true)).Token();

        using var response = await _pricing.GetAsync("/gateway", userToken: token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task Dev_user_token_is_refused_as_a_service_token()
    {
        var token = (await fixture.DevUserTokenAsync(TestAccounts.Alice)).Token();

        using var response = await _pricing.GetAsync("/system", serviceToken: token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Service_token_is_refused_as_a_user_token()
    {
        var token = await fixture.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");

        using var response = await _pricing.GetAsync("/gateway", userToken: token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }
}
