using System.Net;
using Microsoft.Extensions.Options;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Introspection;

/// <summary>How central verification is switched on and what a misconfiguration does: fail at start-up, or fail closed.</summary>
public sealed class LiveCheckConfigurationTests : IAsyncLifetime
{
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _issuer.AddClient(LiveCheckTests.ClientId, LiveCheckTests.ClientSecret);
    }

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task Live_check_endpoint_without_AddIntrospection_answers_503_never_an_allow()
    {
        await using var api = await LiveCheckTests.StartApiAsync(_issuer, addIntrospection: false);

        var response = await api.GetAsync("/live", api.ServiceToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
        Assert.Contains(api.Logs.Entries, e => e.EventId.Id == 1404);
        Assert.Equal(0, _issuer.IntrospectionRequestCount);
    }

    [Fact]
    public async Task Credentials_refused_by_the_issuer_answer_503_and_the_log_names_the_client_id_never_the_secret()
    {
        const string wrongSecret = "not-the-registered-secret-9d3f";
        await using var api = await LiveCheckTests.StartApiAsync(_issuer, clientSecret: wrongSecret);

        var response = await api.GetAsync("/live", api.ServiceToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
        var refused = Assert.Single(api.Logs.Entries, e => e.EventId.Id == 1406);
        Assert.Equal(LiveCheckTests.ClientId, refused.Values["ClientId"]);
        Assert.DoesNotContain(wrongSecret, api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_endpoint_is_used_without_discovery()
    {
        await using var api = await LiveCheckTests.StartApiAsync(_issuer, o => o.Endpoint = new Uri(_issuer.IntrospectionEndpoint));

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/live", api.ServiceToken().Build())).StatusCode);
        Assert.Equal(1, _issuer.IntrospectionRequestCount);
    }

    [Theory]
    [InlineData("ClientSecret", "ServiceAuth:ClientSecret")]
    [InlineData("Endpoint", "ServiceAuth:Introspection:Endpoint")]
    [InlineData("CacheDuration", "ServiceAuth:Introspection:CacheDuration")]
    [InlineData("MaxCacheEntries", "ServiceAuth:Introspection:MaxCacheEntries")]
    [InlineData("Timeout", "ServiceAuth:Introspection:Timeout")]
    [InlineData("Nothing", "CheckServiceToken and CheckUserToken")]
    public async Task Bad_settings_stop_the_start_with_a_message_naming_the_key(string setting, string key)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LiveCheckTests.StartApiAsync(_issuer, o =>
        {
            switch (setting)
            {
                case "Endpoint": o.Endpoint = new Uri("http://introspection.example.com/connect/introspect"); break;
                case "CacheDuration": o.CacheDuration = TimeSpan.FromHours(1); break;
                case "MaxCacheEntries": o.MaxCacheEntries = 0; break;
                case "Timeout": o.Timeout = TimeSpan.Zero; break;
                case "Nothing": (o.CheckServiceToken, o.CheckUserToken) = (false, false); break;
            }
        }, clientSecret: setting == "ClientSecret" ? string.Empty : LiveCheckTests.ClientSecret));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
