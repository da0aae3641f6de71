using System.Text;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Client.Tests.Tokens;

/// <summary>
/// The token and discovery requests never follow a redirect: the client secret goes to the configured issuer or
/// nowhere. Real Kestrel servers: <c>front</c> stands in for the issuer (or whatever sits in front of it) and
/// redirects to <c>collector</c>, another loopback port.
/// </summary>
public sealed class TokenClientRedirectTests : IAsyncLifetime
{
    private ClientHarness _h = null!;
    private Downstream _front = null!;
    private Downstream _collector = null!;

    public async Task InitializeAsync()
    {
        _h = await ClientHarness.StartAsync();
        _front = await Downstream.StartAsync();
        _collector = await Downstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _collector.DisposeAsync();
        await _front.DisposeAsync();
        await _h.DisposeAsync();
    }

    private void FrontRedirectsTo(string path, int status) =>
        _front.Respond = (_, http) =>
        {
            http.Response.StatusCode = status;
            http.Response.Headers.Location = new Uri(_collector.BaseUri, path).ToString();
            return Task.CompletedTask;
        };

    private void AssertSecretNowhere(Exception e)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientHarness.ClientId + ":" + ClientHarness.Secret));
        var logs = _h.Logs.AllText();
        Assert.DoesNotContain(ClientHarness.Secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientHarness.Secret, e.ToString(), StringComparison.Ordinal);
        Assert.Empty(_collector.Requests);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Theory]
    [InlineData(StatusCodes.Status307TemporaryRedirect, "ClientSecretPost")]
    [InlineData(StatusCodes.Status308PermanentRedirect, "ClientSecretPost")]
    [InlineData(StatusCodes.Status302Found, "ClientSecretPost")]
    [InlineData(StatusCodes.Status307TemporaryRedirect, "ClientSecretBasic")]
    [InlineData(StatusCodes.Status301MovedPermanently, "ClientSecretBasic")]
    public async Task Token_request_answered_with_a_redirect_fails_with_redirected_and_nothing_is_re_posted(int status, string authentication)
    {
        FrontRedirectsTo("/collect", status);
        var client = _h.CreateClient(settings: new Dictionary<string, string?>
        {
            ["ServiceAuth:TokenEndpoint"] = new Uri(_front.BaseUri, "/token").ToString(),
            ["ServiceAuth:ClientAuthentication"] = authentication,
        });

        var e = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/prices"));

        Assert.Equal(ServiceTokenFailureReason.Redirected, e.Reason);
        Assert.Equal("redirect_" + status, e.Error);
        Assert.Equal("POST /token", _front.Single().Method + " " + _front.Single().PathAndQuery);
        AssertSecretNowhere(e);
        var refused = Assert.Single(_h.Logs.Entries, l => l.EventId.Id == 2106);
        Assert.Equal("S2SAuth.TokenClient", refused.Values["ClientName"]);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Values["StatusCode"]);
        Assert.Equal(_collector.Authority, refused.Values["Host"]);
    }

    [Theory]
    [InlineData(StatusCodes.Status302Found)]
    [InlineData(StatusCodes.Status307TemporaryRedirect)]
    public async Task Discovery_answered_with_a_redirect_fails_with_redirected_and_the_other_host_gets_no_request(int status)
    {
        FrontRedirectsTo("/.well-known/openid-configuration", status);
        var client = _h.CreateClient(settings: new Dictionary<string, string?> { ["ServiceAuth:Authority"] = _front.BaseUri.ToString().TrimEnd('/') });

        var e = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/prices"));

        Assert.Equal(ServiceTokenFailureReason.Redirected, e.Reason);
        Assert.Equal("redirect_" + status, e.Error);
        Assert.Equal("/.well-known/openid-configuration", _front.Single().PathAndQuery);
        Assert.Equal(0, _h.Issuer.TokenRequestCount);
        AssertSecretNowhere(e);
        Assert.Single(_h.Logs.Entries, l => l.EventId.Id == 2106);
    }
}
