using System.Net;
using Microsoft.AspNetCore.Http;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Keys;

/// <summary>
/// Discovery and JWKS requests never follow a redirect. <c>front</c> is the configured authority (a real Kestrel
/// server); it redirects to the real <see cref="TestIssuer"/> on another port, whose keys would verify the token.
/// </summary>
public sealed class MetadataRedirectTests : IAsyncLifetime
{
    private TestIssuer _issuer = null!;
    private LoopbackServer _front = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _front = await LoopbackServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _front.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private Task<TestApi> ApiAsync() => TestApi.StartAsync(_issuer, o =>
    {
        o.Authority = _front.BaseUri.ToString();
        o.Issuer = _issuer.Issuer;
    });

    private async Task AssertNotFollowedAsync(TestApi api, HttpResponseMessage response, int status)
    {
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.SigningKeysUnavailable);
        Assert.Equal(0, _issuer.MetadataRequestCount);
        Assert.Equal(0, _issuer.JwksRequestCount);
        var refused = Assert.Single(api.Logs.Entries, e => e.EventId.Id == 2106);
        Assert.Equal("S2SAuth.Metadata", refused.Values["ClientName"]);
        Assert.Equal(new Uri(_issuer.Authority).Authority, refused.Values["Host"]);
        Assert.Contains(api.Logs.Entries, e => e.EventId.Id == 1002 && Equals(e.Values["Reason"], $"redirect_{status}"));
    }

    [Theory]
    [InlineData(StatusCodes.Status302Found)]
    [InlineData(StatusCodes.Status307TemporaryRedirect)]
    [InlineData(StatusCodes.Status308PermanentRedirect)]
    public async Task Discovery_answered_with_a_redirect_to_another_host_is_not_followed(int status)
    {
        _front.Respond = LoopbackServer.RedirectTo(new Uri(_issuer.Authority.TrimEnd('/') + "/.well-known/openid-configuration"), status);
        await using var api = await ApiAsync();

        var response = await api.GetAsync("/system", api.ServiceToken().Build());

        await AssertNotFollowedAsync(api, response, status);
        Assert.Equal("GET /.well-known/openid-configuration", Assert.Single(_front.Requests));
    }

    [Theory]
    [InlineData(StatusCodes.Status302Found)]
    [InlineData(StatusCodes.Status307TemporaryRedirect)]
    public async Task Jwks_answered_with_a_redirect_to_another_host_is_not_followed(int status)
    {
        var issuerJwks = new Uri(_issuer.Authority.TrimEnd('/') + "/.well-known/jwks.json");
        _front.Respond = http => http.Request.Path == "/.well-known/openid-configuration"
            ? http.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                ["issuer"] = _issuer.Issuer,
                ["jwks_uri"] = _front.BaseUri + "jwks",
            })
            : LoopbackServer.RedirectTo(issuerJwks, status)(http);
        await using var api = await ApiAsync();

        var response = await api.GetAsync("/system", api.ServiceToken().Build());

        await AssertNotFollowedAsync(api, response, status);
        Assert.Equal(["GET /.well-known/openid-configuration", "GET /jwks"], _front.Requests);
    }
}
