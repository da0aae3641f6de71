using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S2SAuth.AspNetCore.Tests.Delegation.Framework;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Delegation;

/// <summary>The delegation settings: their defaults, binding from configuration, and the start-up checks naming each key.</summary>
public sealed class DelegationOptionsTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public DelegationOptionsTests(IssuerFixture fixture) => _fixture = fixture;

    [Fact]
    public void Defaults_are_depth_5_actor_must_be_the_caller_and_forwarded_tokens_accepted()
    {
        var options = new ServiceAuthOptions();

        Assert.Equal(5, options.Delegation.MaxActorDepth);
        Assert.True(options.Delegation.RequireActorIsCaller);
        Assert.False(options.Delegation.RequireActor);
        Assert.Empty(options.Authorization.ActivityActors);
    }

    [Fact]
    public void Delegation_and_activity_actors_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = "https://issuer.example",
            ["ServiceAuth:Audience"] = "pricing-service",
            ["ServiceAuth:Delegation:MaxActorDepth"] = "3",
            ["ServiceAuth:Delegation:RequireActorIsCaller"] = "false",
            ["ServiceAuth:Delegation:RequireActor"] = "true",
            ["ServiceAuth:Authorization:ActivityActors:price.quote:0"] = "orders-service",
            ["ServiceAuth:Authorization:ActivityActors:price.quote:1"] = "billing-worker",
        }).Build();
        var services = new ServiceCollection();
        services.AddServiceAuth(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ServiceAuthOptions>>().Value;

        Assert.Equal(3, options.Delegation.MaxActorDepth);
        Assert.False(options.Delegation.RequireActorIsCaller);
        Assert.True(options.Delegation.RequireActor);
        Assert.Equal(["orders-service", "billing-worker"], options.Authorization.ActivityActors["price.quote"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("33")]
    public async Task A_depth_outside_1_to_32_stops_the_start_naming_the_key(string depth)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DelegationApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { ["ServiceAuth:Delegation:MaxActorDepth"] = depth }));

        Assert.Contains($"ServiceAuth:Delegation:MaxActorDepth must be between 1 and 32 (it is {depth}; default 5).", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("32")]
    public async Task The_bounds_1_and_32_are_accepted(string depth)
    {
        await using var api = await DelegationApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { ["ServiceAuth:Delegation:MaxActorDepth"] = depth });
    }

    [Fact]
    public async Task A_null_delegation_section_stops_the_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DelegationApi.StartAsync(_fixture.Issuer, services: s => s.Configure<ServiceAuthOptions>(o => o.Delegation = null!)));

        Assert.Contains("ServiceAuth:Delegation must not be null.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "ServiceAuth:Authorization:ActivityActors:price.list must list at least one service id, and no empty ones.")]
    [InlineData(" ", "ServiceAuth:Authorization:ActivityActors:price.list must list at least one service id, and no empty ones.")]
    [InlineData(null, "ServiceAuth:Authorization:ActivityActors:price.list must list at least one service id, and no empty ones.")]
    public async Task Activity_actors_with_an_empty_list_or_id_stop_the_start_naming_the_key(string? actor, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DelegationApi.StartAsync(_fixture.Issuer, services: s => s.Configure<ServiceAuthOptions>(o =>
                o.Authorization.ActivityActors["price.list"] = actor is null ? [] : ["orders-service", actor])));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_actors_with_an_empty_activity_name_stop_the_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DelegationApi.StartAsync(_fixture.Issuer, services: s => s.Configure<ServiceAuthOptions>(o => o.Authorization.ActivityActors[" "] = ["orders-service"])));

        Assert.Contains("ServiceAuth:Authorization:ActivityActors has an empty activity name.", error.Message, StringComparison.Ordinal);
    }
}
