using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.Framework;

/// <summary>The outgoing side's set-up shared by the client benchmarks: an issuer that knows orders-service, and its container.</summary>
internal static class OrdersClientSetup
{
    public const string ClientId = "orders-service";
    private const string Secret = "bench-secret";

    /// <summary>An in-process issuer (tokens live an hour) where orders-service may ask for <c>pricing.resolve</c>.</summary>
    public static async Task<TestIssuer> StartIssuerAsync()
    {
        var issuer = await TestIssuer.StartAsync(new TestIssuerOptions { TokenLifetime = TimeSpan.FromHours(1) });
        issuer.AddClient(ClientId, Secret, "pricing.resolve");
        return issuer;
    }

    /// <summary>A container with logging and S2SAuth's client bound to <paramref name="issuer"/> as orders-service.</summary>
    public static ServiceCollection Services(TestIssuer issuer)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = issuer.Authority,
            ["ServiceAuth:ClientId"] = ClientId,
            ["ServiceAuth:ClientSecret"] = Secret,
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServiceTokenClient(configuration);
        return services;
    }

    /// <summary>The form of orders-service's client-credentials request (secret in the body).</summary>
    public static FormUrlEncodedContent ClientCredentialsForm() => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = ClientId,
        ["client_secret"] = Secret,
        ["scope"] = "pricing.resolve",
        ["audience"] = "pricing-service",
    });
}
