using System.Net;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.AuthService;

[Collection(AuthServiceCollection.Name)]
public sealed class AccountRefusalTests(AuthServiceFixture fixture)
{
    [Theory]
    [InlineData(ClientAuthentication.Basic)]
    [InlineData(ClientAuthentication.Post)]
    public async Task Disabled_account_gets_invalid_client_and_no_token(ClientAuthentication authentication)
    {
        var result = await fixture.RequestTokenAsync(TestAccounts.Disabled, TestAccounts.DisabledSecret, "pricing.resolve", authentication);

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Theory]
    [InlineData(ClientAuthentication.Basic)]
    [InlineData(ClientAuthentication.Post)]
    public async Task Wrong_secret_gets_invalid_client_and_no_token(ClientAuthentication authentication)
    {
        var result = await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.WorkerSecret, "pricing.resolve", authentication);

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task Unknown_client_gets_invalid_client()
    {
        var result = await fixture.RequestTokenAsync("no-such-service", TestAccounts.OrdersSecret, "pricing.resolve");

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task Scope_outside_the_accounts_permissions_is_refused_with_invalid_scope()
    {
        // pricing.read exists, but the worker may only use pricing.resolve.
        var result = await fixture.RequestTokenAsync(TestAccounts.Worker, TestAccounts.WorkerSecret, "pricing.resolve pricing.read");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_scope", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task Unknown_scope_is_refused_with_invalid_scope()
    {
        var result = await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve admin.everything");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_scope", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task Request_without_scope_is_refused_with_invalid_scope()
    {
        var result = await fixture.RequestTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, scope: null);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_scope", result.Error);
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task Other_grant_types_are_unsupported()
    {
        var result = await fixture.PostFormAsync("connect/token", TestAccounts.Orders, TestAccounts.OrdersSecret,
            ("grant_type", "password"), ("username", "alice"), ("password", "x"));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("unsupported_grant_type", result.Error);
    }

    [Fact]
    public async Task Account_disabled_at_run_time_stops_getting_tokens_until_enabled_again()
    {
        (await fixture.RequestTokenAsync(TestAccounts.Toggled, TestAccounts.ToggledSecret, "pricing.resolve")).Token();

        Assert.True(await fixture.Issuer.SetAccountDisabledAsync(TestAccounts.Toggled, disabled: true));
        try
        {
            var refused = await fixture.RequestTokenAsync(TestAccounts.Toggled, TestAccounts.ToggledSecret, "pricing.resolve");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            Assert.Equal("invalid_client", refused.Error);
            Assert.Null(refused.AccessToken);
        }
        finally
        {
            Assert.True(await fixture.Issuer.SetAccountDisabledAsync(TestAccounts.Toggled, disabled: false));
        }

        (await fixture.RequestTokenAsync(TestAccounts.Toggled, TestAccounts.ToggledSecret, "pricing.resolve")).Token();
    }
}
