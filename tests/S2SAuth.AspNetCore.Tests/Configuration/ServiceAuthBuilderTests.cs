using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.Client;

namespace S2SAuth.AspNetCore.Tests.Configuration;

/// <summary>
/// <c>AddServiceAuth(...)</c> returns a builder that features chain onto, and registers incoming verification without
/// the outgoing token machinery, which reads the shared section and code settings through the options system.
/// </summary>
public sealed class ServiceAuthBuilderTests
{
    private static ServiceCollection NewServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders());
        return services;
    }

    [Fact]
    public void AddServiceAuth_returns_a_builder_over_the_same_services()
    {
        var services = NewServices();

        var builder = services.AddServiceAuth(o => o.Audience = "orders-service");

        Assert.Same(services, builder.Services);
        Assert.Same(services, services.AddServiceAuth(_ => { }).Services);
    }

    [Fact]
    public void Token_check_added_twice_is_registered_once_and_resolves_as_itself()
    {
        var services = NewServices();
        services.AddServiceAuth(o => o.Audience = "orders-service").AddTokenCheck<AllowAll>().AddTokenCheck<AllowAll>();
        using var provider = services.BuildServiceProvider();

        var check = Assert.Single(provider.GetServices<ITokenCheck>());
        Assert.Same(provider.GetRequiredService<AllowAll>(), check);
    }

    [Fact]
    public void Incoming_registration_adds_no_outgoing_token_client()
    {
        var services = NewServices();

        services.AddServiceAuth(o => o.Audience = "orders-service");

        Assert.DoesNotContain(services, d => d.ServiceType.Namespace?.StartsWith("S2SAuth.Client.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Outgoing_client_gets_the_issuer_and_credentials_set_in_code()
    {
        var services = NewServices();
        services.AddServiceAuth(o =>
        {
            o.Authority = "http://127.0.0.1:5999";
            o.RequireHttpsMetadata = false;
            o.Audience = "orders-service";
            o.ClientId = "orders-service";
            o.ClientSecret = "code-secret";
        });
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IOptions<ServiceTokenClientOptions>>().Value;

        Assert.Equal(("http://127.0.0.1:5999", false), (client.Authority, client.RequireHttpsMetadata));
        Assert.Equal(("orders-service", "code-secret"), (client.ClientId, client.ClientSecret));
    }

    [Fact]
    public void Outgoing_client_reads_its_own_keys_from_the_shared_section_and_its_own_settings_win()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = "https://auth.internal.example",
            ["ServiceAuth:Audience"] = "orders-service",
            ["ServiceAuth:ClientId"] = "orders-service",
            ["ServiceAuth:TokenRequestTimeout"] = "00:00:03",
            ["ServiceAuth:ClientAuthentication"] = "ClientSecretPost",
        }).Build();
        var services = NewServices();
        services.AddServiceAuth(configuration, o => o.ClientSecret = "code-secret");
        services.AddServiceTokenClient(configure: o => o.ClientId = "explicit-client");
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IOptions<ServiceTokenClientOptions>>().Value;

        Assert.Equal("https://auth.internal.example", client.Authority);
        Assert.Equal(TimeSpan.FromSeconds(3), client.TokenRequestTimeout);
        Assert.Equal(ClientAuthenticationMethod.ClientSecretPost, client.ClientAuthentication);
        Assert.Equal("code-secret", client.ClientSecret);
        Assert.Equal("explicit-client", client.ClientId);
    }

    private sealed class AllowAll : ITokenCheck
    {
        public ValueTask<TokenCheckResult> CheckAsync(VerifiedTokenInfo token, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TokenCheckResult.Allow);
    }
}
