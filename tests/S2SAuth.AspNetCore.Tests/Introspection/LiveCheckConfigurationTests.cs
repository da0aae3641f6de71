using System.Net;
using Microsoft.AspNetCore.Http;
using S2SAuth.AspNetCore.Tests.Framework;
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
    [InlineData(StatusCodes.Status302Found)]
    [InlineData(StatusCodes.Status307TemporaryRedirect)]
    [InlineData(StatusCodes.Status308PermanentRedirect)]
    public async Task Introspection_endpoint_that_redirects_answers_503_and_the_redirect_is_never_followed(int status)
    {
        await using var front = await LoopbackServer.StartAsync();
        front.Respond = LoopbackServer.RedirectTo(new Uri(_issuer.IntrospectionEndpoint), status);
        await using var api = await LiveCheckTests.StartApiAsync(_issuer, o => o.Endpoint = new Uri(front.BaseUri, "/connect/introspect"));

        var response = await api.GetAsync("/live", api.ServiceToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
        Assert.Single(front.Requests);
        Assert.Equal(0, _issuer.IntrospectionRequestCount); // the token and the secret went nowhere else
    }

    [Fact]
    public async Task Issuer_slower_than_the_timeout_answers_503_within_it()
    {
        await using var api = await LiveCheckTests.StartApiAsync(_issuer, o => o.Timeout = TimeSpan.FromMilliseconds(300));
        var token = api.ServiceToken().Build();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/system", token)).StatusCode); // keys fetched first
        _issuer.HoldIntrospectionRequests();

        var response = await api.GetAsync("/live", token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.IntrospectionUnavailable);
        Assert.Equal(1, _issuer.IntrospectionRequestCount);
        Assert.Contains(api.Logs.Entries, e => e.EventId.Id == 1402 && e.Values["Reason"] is "timeout" or "unreachable");
        _issuer.ReleaseIntrospectionRequests();
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
