using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Configuration;

/// <summary>A misconfigured service never starts, and the message names the key and what is wrong.</summary>
public sealed class OptionsValidationTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public OptionsValidationTests(IssuerFixture fixture) => _fixture = fixture;

    private static Dictionary<string, string?> Valid(string authority) => new()
    {
        ["ServiceAuth:Authority"] = authority,
        ["ServiceAuth:Audience"] = "pricing-service",
        ["ServiceAuth:RequireHttpsMetadata"] = "false",
    };

    [Fact]
    public async Task Missing_Authority_fails_start_up_naming_ServiceAuth_Authority()
    {
        var message = await StartFailsAsync(new() { ["ServiceAuth:Audience"] = "pricing-service" });

        Assert.Contains("ServiceAuth:Authority is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_Audience_fails_start_up_naming_ServiceAuth_Audience()
    {
        var message = await StartFailsAsync(new() { ["ServiceAuth:Authority"] = "https://issuer.example" });

        Assert.Contains("ServiceAuth:Audience is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_section_reports_every_missing_key_at_once()
    {
        var message = await StartFailsAsync([]);

        Assert.Contains("ServiceAuth:Authority", message, StringComparison.Ordinal);
        Assert.Contains("ServiceAuth:Audience", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_Authority_off_loopback_outside_Development_fails_start_up()
    {
        var message = await StartFailsAsync(Valid("http://issuer.internal"), environment: "Production");

        Assert.Contains("ServiceAuth:Authority uses http on 'issuer.internal', which is not loopback", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_Authority_off_loopback_starts_in_Development_with_RequireHttpsMetadata_false()
    {
        await using var app = await StartAsync(Valid("http://issuer.internal"), environment: "Development");
    }

    [Fact]
    public async Task Http_Authority_with_RequireHttpsMetadata_true_fails_start_up()
    {
        var settings = Valid(_fixture.Issuer.Authority);
        settings["ServiceAuth:RequireHttpsMetadata"] = "true";

        var message = await StartFailsAsync(settings);

        Assert.Contains("ServiceAuth:Authority uses http while ServiceAuth:RequireHttpsMetadata is true", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_Authority_with_RequireHttpsMetadata_left_at_its_default_fails_start_up()
    {
        var message = await StartFailsAsync(new() { ["ServiceAuth:Authority"] = "http://127.0.0.1:5000", ["ServiceAuth:Audience"] = "pricing-service" });

        Assert.Contains("ServiceAuth:RequireHttpsMetadata", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    public async Task Loopback_http_Authority_with_RequireHttpsMetadata_false_starts_in_Production(string authority)
    {
        await using var app = await StartAsync(Valid(authority), environment: "Production");
    }

    [Fact]
    public async Task Http_JwksUri_off_loopback_fails_start_up_naming_ServiceAuth_JwksUri()
    {
        var settings = Valid("http://127.0.0.1:5000");
        settings["ServiceAuth:JwksUri"] = "http://keys.example/jwks";

        var message = await StartFailsAsync(settings, environment: "Production");

        Assert.Contains("ServiceAuth:JwksUri uses http", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authority_that_is_not_a_URL_fails_start_up()
    {
        var settings = Valid("issuer.example");

        var message = await StartFailsAsync(settings);

        Assert.Contains("ServiceAuth:Authority must be an absolute http(s) URL", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_algorithm_list_fails_start_up()
    {
        var message = await StartFailsAsync(Valid("http://127.0.0.1:5000"), o => o.ValidAlgorithms = []);

        Assert.Contains("ServiceAuth:ValidAlgorithms must name at least one algorithm", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public async Task None_in_the_algorithm_list_fails_start_up(string none)
    {
        var settings = Valid("http://127.0.0.1:5000");
        settings["ServiceAuth:ValidAlgorithms:0"] = "RS256";
        settings["ServiceAuth:ValidAlgorithms:1"] = none;

        var message = await StartFailsAsync(settings);

        Assert.Contains("ServiceAuth:ValidAlgorithms must not contain 'none'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("HS512")]
    [InlineData("hs384")]
    public async Task HMAC_in_the_algorithm_list_fails_start_up(string hmac)
    {
        var settings = Valid("http://127.0.0.1:5000");
        settings["ServiceAuth:ValidAlgorithms:0"] = hmac;

        var message = await StartFailsAsync(settings);

        Assert.Contains($"ServiceAuth:ValidAlgorithms must not contain '{hmac}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_algorithm_fails_start_up()
    {
        var settings = Valid("http://127.0.0.1:5000");
        settings["ServiceAuth:ValidAlgorithms:0"] = "RSA-OAEP";

        var message = await StartFailsAsync(settings);

        Assert.Contains("ServiceAuth:ValidAlgorithms contains 'RSA-OAEP'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:05:01")]
    [InlineData("01:00:00")]
    public async Task Clock_skew_outside_0_to_5_minutes_fails_start_up(string skew)
    {
        var settings = Valid("http://127.0.0.1:5000");
        settings["ServiceAuth:ClockSkew"] = skew;

        var message = await StartFailsAsync(settings);

        Assert.Contains("ServiceAuth:ClockSkew must be between", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxTokenLifetime", "00:00:00")]
    [InlineData("KeyRefreshMinInterval", "00:00:00")]
    [InlineData("KeyRefreshInterval", "00:00:00")]
    [InlineData("MetadataTimeout", "00:00:00")]
    [InlineData("MaxTokenLength", "10")]
    public async Task Out_of_range_setting_fails_start_up_naming_it(string key, string value)
    {
        var settings = Valid("http://127.0.0.1:5000");
        settings["ServiceAuth:" + key] = value;

        var message = await StartFailsAsync(settings);

        Assert.Contains("ServiceAuth:" + key + " must be between", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_algorithm_list_replaces_the_default_rather_than_adding_to_it()
    {
        var settings = Valid(_fixture.Issuer.Authority);
        settings["ServiceAuth:ValidAlgorithms:0"] = "ES256";
        await using var app = await StartAsync(settings);
        var options = app.Services.GetRequiredService<IOptions<ServiceAuthOptions>>().Value;
        Assert.Equal(["ES256"], options.ValidAlgorithms);

        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Service-Token", _fixture.Issuer.ServiceToken("orders-service", "pricing-service").Build());
        var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task Settings_bind_from_environment_style_keys()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ServiceAuth:Authority"] = _fixture.Issuer.Authority,
            ["ServiceAuth:Audiences:0"] = "urn:internal",
            ["ServiceAuth:RequireHttpsMetadata"] = "false",
            ["ServiceAuth:Environment"] = "prod",
        };
        await using var app = await StartAsync(settings);

        var options = app.Services.GetRequiredService<IOptions<ServiceAuthOptions>>().Value;

        Assert.Equal(["urn:internal"], options.Audiences);
        Assert.Equal("prod", options.Environment);
        Assert.Null(options.ValidAlgorithms);
    }

    [Theory]
    [InlineData("common")]
    [InlineData("organizations")]
    [InlineData("consumers")]
    public async Task EntraId_profile_on_a_multi_tenant_authority_fails_start_up(string segment)
    {
        var settings = Valid($"https://login.microsoftonline.com/{segment}/v2.0");
        settings["ServiceAuth:RequireHttpsMetadata"] = "true";
        settings["ServiceAuth:Profile"] = "EntraId";

        var message = await StartFailsAsync(settings);

        Assert.Contains("ServiceAuth:Authority must name one Entra ID tenant", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_profile_name_fails_start_up()
    {
        var settings = Valid(_fixture.Issuer.Authority);
        settings["ServiceAuth:Profile"] = "Ping";

        var exception = await Assert.ThrowsAnyAsync<InvalidOperationException>(async () =>
        {
            await using var app = await StartAsync(settings);
        });

        Assert.Contains("Ping", exception.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ServiceAuth:ServiceTokens:MaxLifetime", "2.00:00:00", "ServiceAuth:ServiceTokens:MaxLifetime must be between")]
    [InlineData("ServiceAuth:UserTokens:IdClaims:0", "", "ServiceAuth:UserTokens lists an empty claim name")]
    [InlineData("ServiceAuth:AudienceClaim", " ", "ServiceAuth:AudienceClaim must name a claim")]
    public async Task Bad_token_rule_override_fails_start_up_naming_the_key(string key, string value, string expected)
    {
        var settings = Valid(_fixture.Issuer.Authority);
        settings[key] = value;

        var message = await StartFailsAsync(settings);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_IdClaims_set_in_code_fails_start_up()
    {
        var message = await StartFailsAsync(Valid(_fixture.Issuer.Authority), o => o.ServiceTokens.IdClaims = []);

        Assert.Contains("ServiceAuth:ServiceTokens:IdClaims must name at least one claim", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_from_configuration_sets_the_defaults_and_each_override_replaces_one()
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAuth:Profile"] = "auth0",
            ["ServiceAuth:UserTokens:RoleClaims:0"] = "https://acme.example/roles",
        }).Build().GetSection("ServiceAuth").Get<ServiceAuthOptions>()!;
        var rules = new S2SAuth.Profiles.TokenRules(options);

        Assert.Equal(IdentityProviderProfile.Auth0, options.Profile);
        Assert.Equal(TimeSpan.FromHours(24), options.MaxTokenLifetime);
        Assert.Equal(ServiceTokenRecognition.Auth0ClientCredentials, options.ServiceTokenRecognition);
        Assert.Equal(["https://acme.example/roles"], rules.User.RoleClaims.Select(p => p.Name));
        Assert.Equal(["permissions"], rules.User.PermissionClaims.Select(p => p.Name));
        Assert.Equal(["azp", "client_id"], rules.Service.IdClaims);

        options.MaxTokenLifetime = TimeSpan.FromMinutes(30);
        Assert.Equal(30 * 60, new S2SAuth.Profiles.TokenRules(options).User.MaxLifetimeSeconds);
    }

    private static async Task<string> StartFailsAsync(Dictionary<string, string?> settings, Action<ServiceAuthOptions>? configure = null, string environment = "Production")
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = await StartAsync(settings, configure, environment);
        });
        return exception.Message;
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings, Action<ServiceAuthOptions>? configure = null, string environment = "Production")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddServiceAuth(builder.Configuration, configure);
        var app = builder.Build();
        app.UseServiceAuth();
        app.MapGet("/", () => "ok");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }
}
