using Microsoft.Extensions.DependencyInjection;
using System.Net;
using S2SAuth.EndToEnd.Tests.Framework;

namespace S2SAuth.EndToEnd.Tests.AuthService;

/// <summary>
/// The real AuthService publishes to Redis, and two instances of a service (Kestrel, loopback) apply it: a disabled
/// service account's already-issued token and a token revoked at the RFC 7009 endpoint are refused on every instance.
/// </summary>
public sealed class RevocationTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private AuthServiceFixture _issuer = null!;
    private ProtectedApi _a = null!;
    private ProtectedApi _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        _issuer = new AuthServiceFixture
        {
            ExtraSettings = [new(RedisRevocationOptions.SectionName + ":Configuration", _redis.ConnectionString)],
        };
        await _issuer.InitializeAsync();
        _a = await ProtectedApi.StartAsync(_issuer.Authority, TestAccounts.PricingAudience, Redis);
        _b = await ProtectedApi.StartAsync(_issuer.Authority, TestAccounts.PricingAudience, Redis);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _issuer.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private void Redis(ServiceAuthBuilder serviceAuth) => serviceAuth.AddRedisRevocation(o => o.Configuration = _redis.ConnectionString);

    private static async Task RefusedAsync(ProtectedApi api, string token, string what) =>
        await ProblemAssert.IsProblemAsync(
            await Eventually.ReturnsAsync(() => api.GetAsync("/system", token), r => r.StatusCode != HttpStatusCode.OK, what),
            HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);

    [Fact]
    public async Task A_service_account_disabled_at_the_AuthService_has_its_already_issued_token_refused_on_every_instance()
    {
        var token = await _issuer.ServiceTokenAsync(TestAccounts.Toggled, TestAccounts.ToggledSecret, "pricing.resolve");
        Assert.Equal(HttpStatusCode.OK, (await _a.GetAsync("/system", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _b.GetAsync("/system", token)).StatusCode);

        Assert.True(await _issuer.Issuer.SetAccountDisabledAsync(TestAccounts.Toggled, disabled: true));

        await RefusedAsync(_a, token, "instance A refuses the disabled account's token");
        await RefusedAsync(_b, token, "instance B refuses the disabled account's token");
        var again = await _issuer.RequestTokenAsync(TestAccounts.Toggled, TestAccounts.ToggledSecret, "pricing.resolve");
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (again.Status, again.Error));
        Assert.Contains(_issuer.Logs.Entries, e => e.EventId.Id == 5031 && e.Values["ClientId"] == TestAccounts.Toggled);
        Assert.DoesNotContain(token, _issuer.Logs.AllText(), StringComparison.Ordinal);

        // Re-enabled: a token issued after the cut-off works; the old one stays refused.
        Assert.True(await _issuer.Issuer.SetAccountDisabledAsync(TestAccounts.Toggled, disabled: false));
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // iat has whole seconds: a token of the cut-off's own second is refused too (fail closed)
        var fresh = await _issuer.ServiceTokenAsync(TestAccounts.Toggled, TestAccounts.ToggledSecret, "pricing.resolve");
        Assert.Equal(HttpStatusCode.OK, (await _b.GetAsync("/system", fresh)).StatusCode);
        await ProblemAssert.IsProblemAsync(await _b.GetAsync("/system", token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
    }

    [Fact]
    public async Task A_token_revoked_at_the_RFC_7009_endpoint_is_refused_on_every_instance_and_the_owners_other_tokens_still_work()
    {
        var leaked = await _issuer.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");
        var other = await _issuer.ServiceTokenAsync(TestAccounts.Orders, TestAccounts.OrdersSecret, "pricing.resolve");
        Assert.Equal(HttpStatusCode.OK, (await _a.GetAsync("/system", leaked)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _b.GetAsync("/system", leaked)).StatusCode);

        var revoked = await _issuer.PostFormAsync("connect/revoke", TestAccounts.Orders, TestAccounts.OrdersSecret, ("token", leaked), ("token_type_hint", "access_token"));
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        await RefusedAsync(_a, leaked, "instance A refuses the revoked token");
        await RefusedAsync(_b, leaked, "instance B refuses the revoked token");
        Assert.Equal(HttpStatusCode.OK, (await _a.GetAsync("/system", other)).StatusCode);
        Assert.Contains(_issuer.Logs.Entries, e => e.EventId.Id == 5030 && e.Values["ClientId"] == TestAccounts.Orders);
    }
}
