using System.Net;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Client.Tests.Protocol;

/// <summary>
/// The primary handler is not always a bare <see cref="SocketsHttpHandler"/>: tracing and metrics packages wrap it in
/// <see cref="DelegatingHandler"/>s, tests use handlers of their own. Real Kestrel servers: <c>allowed</c> (the
/// client's BaseAddress) redirects to <c>other</c>, another loopback port.
/// </summary>
public sealed class TransportRedirectTests : IAsyncLifetime
{
    private ClientHarness _h = null!;
    private Downstream _other = null!;

    public async Task InitializeAsync()
    {
        _h = await ClientHarness.StartAsync();
        _other = await Downstream.StartAsync();
        _h.Context.UserToken = _h.Issuer.UserToken("user_123", "pricing-service", "tenant_789").Build();
    }

    public async Task DisposeAsync()
    {
        await _other.DisposeAsync();
        await _h.DisposeAsync();
    }

    private void RedirectTo(Uri target) =>
        _h.Downstream.Respond = (r, http) =>
        {
            if (r.PathAndQuery == "/go")
            {
                http.Response.StatusCode = StatusCodes.Status302Found;
                http.Response.Headers.Location = target.ToString();
                return Task.CompletedTask;
            }

            return http.Response.WriteAsync("final");
        };

    private HttpClient WrappedClient(bool autoRedirect = true, int maxRedirects = 50) => _h.CreateClient(
        o => o.UserScoped = true,
        b => b.ConfigurePrimaryHttpMessageHandler(() =>
            new PassThroughHandler(new PassThroughHandler(new SocketsHttpHandler { AllowAutoRedirect = autoRedirect, MaxAutomaticRedirections = maxRedirects }))));

    [Fact]
    public async Task Redirect_to_another_port_under_a_wrapped_transport_is_refused_and_the_other_port_receives_no_token()
    {
        RedirectTo(new Uri(_other.BaseUri, "/steal"));
        var client = WrappedClient();

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/go"));

        Assert.Equal(OutgoingCallRefusalReason.RedirectToDisallowedHost, e.Reason);
        Assert.Equal(_other.Authority, e.Host);
        Assert.Empty(_other.Requests);
        Assert.NotNull(_h.Downstream.Single().Header("X-Service-Token"));
    }

    [Fact]
    public async Task Wrapped_transport_hands_its_redirect_limit_to_S2SAuth_which_follows_within_the_allowed_host()
    {
        RedirectTo(new Uri(_h.Downstream.BaseUri, "/go"));
        var client = WrappedClient(maxRedirects: 2);

        var response = await client.GetAsync("/go");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(3, _h.Downstream.Requests.Count);
        Assert.All(_h.Downstream.Requests, r => Assert.Equal(_h.Issuer.IssuedAccessTokens.Single(), r.Header("X-Service-Token")));
    }

    [Fact]
    public async Task Wrapped_transport_with_auto_redirect_off_gives_the_caller_the_redirect_and_nothing_goes_elsewhere()
    {
        RedirectTo(new Uri(_other.BaseUri, "/steal"));
        var client = WrappedClient(autoRedirect: false);

        var response = await client.GetAsync("/go");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Empty(_other.Requests);
        Assert.Single(_h.Downstream.Requests);
    }

    [Fact]
    public void Client_whose_primary_handler_cannot_be_inspected_is_refused_when_it_is_built()
    {
        var e = Assert.Throws<InvalidOperationException>(() => _h.CreateClient(builder: b => b.ConfigurePrimaryHttpMessageHandler(() => new PassThroughHandler(new OpaqueHandler()))));

        Assert.Contains("HttpClient 'pricing'", e.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(OpaqueHandler), e.Message, StringComparison.Ordinal);
        Assert.Contains("PrimaryHandlerFollowsNoRedirects()", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Primary_handler_declared_to_follow_no_redirects_is_used_and_S2SAuth_follows_none()
    {
        var opaque = new OpaqueHandler { Status = HttpStatusCode.Found, Location = new Uri(_other.BaseUri, "/steal") };
        var client = _h.CreateClient(builder: b => b.ConfigurePrimaryHttpMessageHandler(() => opaque).PrimaryHandlerFollowsNoRedirects());

        var response = await client.GetAsync("/go");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(1, opaque.Requests);
        Assert.Empty(_other.Requests);
    }
}
