using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using S2SAuth.Client.Configuration;

namespace S2SAuth.Client.Tests.Configuration;

public sealed class StartupValidationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["ServiceAuth:Authority"] = "https://issuer.example",
        ["ServiceAuth:ClientId"] = "orders-service",
        ["ServiceAuth:ClientSecret"] = "s3cr3t-value-never-shown",
    };

    private static async Task<string?> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> register)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        register(builder.Services, builder.Configuration);
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }

    private static Dictionary<string, string?> Without(string key, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(Valid);
        settings.Remove(key);
        foreach (var (k, v) in extra)
        {
            settings[k] = v;
        }

        return settings;
    }

    private static void WithHandler(IServiceCollection services, IConfiguration configuration)
    {
        services.AddServiceTokenClient(configuration);
        services.AddHttpClient("pricing", c => c.BaseAddress = new Uri("https://pricing.internal")).AddServiceTokenHandler(o => o.Audience = "pricing-service");
    }

    [Fact]
    public async Task Valid_configuration_starts()
    {
        Assert.Null(await StartAsync(Valid, WithHandler));
    }

    [Fact]
    public async Task Missing_ClientId_fails_start_naming_the_key_and_the_client()
    {
        var error = await StartAsync(Without("ServiceAuth:ClientId"), WithHandler);

        Assert.Contains("ServiceAuth:ClientId is required because HttpClient 'pricing' uses AddServiceTokenHandler", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_ClientSecret_fails_start_and_says_where_it_comes_from()
    {
        var error = await StartAsync(Without("ServiceAuth:ClientSecret"), WithHandler);

        Assert.Contains("ServiceAuth:ClientSecret is required", error, StringComparison.Ordinal);
        Assert.Contains("ServiceAuth__ClientSecret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_Authority_fails_start_unless_a_TokenEndpoint_is_given()
    {
        Assert.Contains("ServiceAuth:Authority is required", await StartAsync(Without("ServiceAuth:Authority"), WithHandler), StringComparison.Ordinal);
        Assert.Null(await StartAsync(Without("ServiceAuth:Authority", ("ServiceAuth:TokenEndpoint", "https://issuer.example/token")), WithHandler));
    }

    [Fact]
    public async Task Without_any_token_handler_a_missing_ClientId_is_fine()
    {
        Assert.Null(await StartAsync(new Dictionary<string, string?> { ["ServiceAuth:Authority"] = "https://issuer.example" },
            (s, c) => s.AddServiceTokenClient(c).AddServiceTokenClient(c)));
    }

    [Fact]
    public async Task Http_authority_needs_RequireHttpsMetadata_off()
    {
        var error = await StartAsync(Without("x", ("ServiceAuth:Authority", "http://127.0.0.1:5000")), WithHandler);

        Assert.Contains("ServiceAuth:Authority uses http while ServiceAuth:RequireHttpsMetadata is true", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_authority_off_loopback_fails_even_with_RequireHttpsMetadata_off()
    {
        var error = await StartAsync(Without("x", ("ServiceAuth:Authority", "http://issuer.internal"), ("ServiceAuth:RequireHttpsMetadata", "false")), WithHandler);

        Assert.Contains("ServiceAuth:Authority uses http on 'issuer.internal', which is not loopback", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_loopback_authority_with_RequireHttpsMetadata_off_starts()
    {
        Assert.Null(await StartAsync(Without("x", ("ServiceAuth:Authority", "http://127.0.0.1:5000"), ("ServiceAuth:RequireHttpsMetadata", "false")), WithHandler));
    }

    [Fact]
    public async Task Out_of_range_timing_fails_start_naming_the_key()
    {
        var error = await StartAsync(Without("x", ("ServiceAuth:TokenRequestTimeout", "00:00:00")), WithHandler);

        Assert.Contains("ServiceAuth:TokenRequestTimeout must be between", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_without_BaseAddress_or_AllowedHosts_fails_start()
    {
        var error = await StartAsync(Valid, (s, c) => s.AddServiceTokenClient(c).AddHttpClient("bare").AddServiceTokenHandler());

        Assert.Contains("AddServiceTokenHandler of HttpClient 'bare': AllowedHosts is empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_AllowedHosts_entry_fails_start()
    {
        var error = await StartAsync(Valid, (s, c) => s.AddServiceTokenClient(c).AddHttpClient("bad").AddServiceTokenHandler(o => o.AllowedHosts.Add("pricing/internal path")));

        Assert.Contains("AllowedHosts entry 'pricing/internal path' is not a host", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_value_never_appears_in_validation_messages()
    {
        var error = await StartAsync(Without("ServiceAuth:ClientId", ("ServiceAuth:Authority", "ftp://x")), WithHandler);

        Assert.NotNull(error);
        Assert.DoesNotContain("s3cr3t-value-never-shown", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ServiceAuth_section_itself_can_be_passed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Valid).Build();
        var services = new ServiceCollection().AddServiceTokenClient(configuration.GetSection("ServiceAuth"));

        var options = services.BuildServiceProvider().GetRequiredService<IOptions<ServiceTokenClientOptions>>().Value;

        Assert.Equal("orders-service", options.ClientId);
        Assert.Equal(ClientAuthenticationMethod.ClientSecretBasic, options.ClientAuthentication);
        Assert.True(options.RequireHttpsMetadata);
    }

    [Fact]
    public void Registering_twice_registers_once()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Valid).Build();
        var services = new ServiceCollection();
        services.AddServiceTokenClient(configuration).AddServiceTokenClient(configuration).AddServiceTokenClient();
        services.AddHttpClient("pricing", c => c.BaseAddress = new Uri("https://pricing.internal")).AddServiceTokenHandler().AddServiceTokenHandler(o => o.UserScoped = true);

        Assert.Single(services, d => d.ServiceType == typeof(ServiceTokenClientRegistry));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ServiceTokenClientOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ServiceTokenHandlerOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(IOptionsChangeTokenSource<ServiceTokenClientOptions>));
        var provider = services.BuildServiceProvider();
        Assert.True(provider.GetRequiredService<IOptionsMonitor<ServiceTokenHandlerOptions>>().Get("pricing").UserScoped);
        Assert.Equal(["https://pricing.internal"], provider.GetRequiredService<IOptionsMonitor<ServiceTokenHandlerOptions>>().Get("pricing").AllowedHosts);
    }

    [Fact]
    public void Without_a_host_invalid_settings_fail_when_the_client_is_created()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Without("ServiceAuth:ClientSecret")).Build();
        var services = new ServiceCollection().AddServiceTokenClient(configuration);
        services.AddHttpClient("pricing", c => c.BaseAddress = new Uri("https://pricing.internal")).AddServiceTokenHandler();
        var factory = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();

        var e = Assert.Throws<OptionsValidationException>(() => factory.CreateClient("pricing"));

        Assert.Contains("ServiceAuth:ClientSecret is required", e.Message, StringComparison.Ordinal);
    }
}
