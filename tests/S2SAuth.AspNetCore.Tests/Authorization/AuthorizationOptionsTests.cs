using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Authorization;

public sealed class AuthorizationOptionsTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public AuthorizationOptionsTests(IssuerFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("CrossTenantScope", "ServiceAuth:Authorization:CrossTenantScope")]
    [InlineData("MaxTenantBodyBytes", "ServiceAuth:Authorization:MaxTenantBodyBytes")]
    [InlineData("RoleActivities", "ServiceAuth:Authorization:RoleActivities:admin")]
    [InlineData("ActivityScopes", "ServiceAuth:Authorization:ActivityScopes:order.confirm")]
    public async Task Invalid_authorization_options_stop_the_start_naming_the_key(string broken, string key)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RbacApi.StartAsync(_fixture.Issuer, o =>
        {
            switch (broken)
            {
                case "CrossTenantScope": o.Authorization.CrossTenantScope = "platform cross tenant"; break;
                case "MaxTenantBodyBytes": o.Authorization.MaxTenantBodyBytes = 0; break;
                case "RoleActivities": o.Authorization.RoleActivities["admin"] = []; break;
                default: o.Authorization.ActivityScopes["order.confirm"] = [""]; break;
            }
        }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "ServiceAuth:RemotePermissions:Endpoint is required")]
    [InlineData("http://rbac.internal/check", "ServiceAuth:RemotePermissions:RequireHttps=false")]
    public async Task Invalid_remote_permission_endpoint_stops_the_start_naming_the_key(string? endpoint, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RbacApi.StartAsync(_fixture.Issuer,
            services: s => s.AddRemotePermissions(
                o => o.Endpoint = endpoint is null ? null : new Uri(endpoint))));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_and_scope_maps_and_remote_permissions_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = "https://issuer.example",
            ["ServiceAuth:Audience"] = "orders-service",
            ["ServiceAuth:Authorization:ActivityScopes:order.confirm:0"] = "orders.write",
            ["ServiceAuth:Authorization:RoleActivities:order-manager:0"] = "order.confirm",
            ["ServiceAuth:Authorization:RoleActivities:order-manager:1"] = "order.read",
            ["ServiceAuth:Authorization:CrossTenantScope"] = "platform.admin",
            ["ServiceAuth:RemotePermissions:Endpoint"] = "https://rbac.example/check",
            ["ServiceAuth:RemotePermissions:CacheDuration"] = "00:00:10",
            ["ServiceAuth:RemotePermissions:CacheSize"] = "500",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddServiceAuth(configuration);
        services.AddRemotePermissions();
        using var provider = services.BuildServiceProvider();

        var authorization = provider.GetRequiredService<IOptions<ServiceAuthOptions>>().Value.Authorization;
        var remote = provider.GetRequiredService<IOptions<RemotePermissionOptions>>().Value;

        Assert.Equal(["orders.write"], authorization.ActivityScopes["order.confirm"]);
        Assert.Equal(["order.confirm", "order.read"], authorization.RoleActivities["order-manager"]);
        Assert.Equal("platform.admin", authorization.CrossTenantScope);
        Assert.Equal(new Uri("https://rbac.example/check"), remote.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(10), remote.CacheDuration);
        Assert.Equal(500, remote.CacheSize);
    }
}
