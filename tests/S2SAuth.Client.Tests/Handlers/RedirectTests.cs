using System.Net;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Client.Tests.Handlers;

/// <summary>
/// .NET's own redirect handling re-sends custom headers (X-Service-Token) to whatever host a Location names.
/// These tests use real Kestrel servers: <c>allowed</c> (the client's BaseAddress) redirects to <c>other</c>.
/// </summary>
public sealed class RedirectTests : IAsyncLifetime
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

    private void RedirectTo(Uri target, int status = StatusCodes.Status302Found, string onlyPath = "/go") =>
        _h.Downstream.Respond = (r, http) =>
        {
            if (r.PathAndQuery == onlyPath)
            {
                http.Response.StatusCode = status;
                http.Response.Headers.Location = target.ToString();
                return Task.CompletedTask;
            }

            return http.Response.WriteAsync("final");
        };

    private HttpClient Client(bool autoRedirect, bool userScoped = true) => _h.CreateClient(
        o => o.UserScoped = userScoped,
        b => b.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = autoRedirect }));

    [Fact]
    public async Task Without_S2SAuth_dotnet_carries_custom_headers_across_a_cross_host_redirect()
    {
        // The danger the handler exists for: proves this setup would catch a leak.
        RedirectTo(new Uri(_other.BaseUri, "/steal"));
        using var plain = new HttpClient { BaseAddress = _h.Downstream.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/go");
        request.Headers.TryAddWithoutValidation("X-Service-Token", "would-leak");

        (await plain.SendAsync(request)).EnsureSuccessStatusCode();

        Assert.Equal("would-leak", _other.Single().Header("X-Service-Token"));
    }

    [Theory]
    [InlineData(StatusCodes.Status301MovedPermanently)]
    [InlineData(StatusCodes.Status302Found)]
    [InlineData(StatusCodes.Status303SeeOther)]
    [InlineData(StatusCodes.Status307TemporaryRedirect)]
    [InlineData(StatusCodes.Status308PermanentRedirect)]
    public async Task With_auto_redirect_on_a_redirect_to_another_host_fails_and_the_other_host_receives_nothing(int status)
    {
        RedirectTo(new Uri(_other.BaseUri, "/steal"), status);
        var client = Client(autoRedirect: true);

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/go"));

        Assert.Equal(OutgoingCallRefusalReason.RedirectToDisallowedHost, e.Reason);
        Assert.Equal(_other.Authority, e.Host);
        Assert.Empty(_other.Requests);
        Assert.NotNull(_h.Downstream.Single().Header("X-Service-Token"));
    }

    [Fact]
    public async Task Default_primary_handler_is_covered_too()
    {
        RedirectTo(new Uri(_other.BaseUri, "/steal"));
        var client = _h.CreateClient(o => o.UserScoped = true);

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/go"));

        Assert.Equal(OutgoingCallRefusalReason.RedirectToDisallowedHost, e.Reason);
        Assert.Empty(_other.Requests);
    }

    [Fact]
    public async Task With_auto_redirect_off_the_caller_gets_the_redirect_and_following_it_by_hand_is_refused()
    {
        RedirectTo(new Uri(_other.BaseUri, "/steal"));
        var client = Client(autoRedirect: false);

        var response = await client.GetAsync("/go");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync(response.Headers.Location));

        Assert.Equal(OutgoingCallRefusalReason.HostNotAllowed, e.Reason);
        Assert.Empty(_other.Requests);
        Assert.Single(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Redirect_within_the_allowed_host_is_followed_with_fresh_per_attempt_headers()
    {
        RedirectTo(new Uri(_h.Downstream.BaseUri, "/final"));
        var client = Client(autoRedirect: true);

        var response = await client.GetAsync("/go");

        Assert.Equal("final", await response.Content.ReadAsStringAsync());
        Assert.Equal(new Uri(_h.Downstream.BaseUri, "/final"), response.RequestMessage!.RequestUri);
        var hops = _h.Downstream.Requests.ToArray();
        Assert.Equal(["/go", "/final"], hops.Select(r => r.PathAndQuery));
        Assert.All(hops, r => Assert.Equal(_h.Issuer.IssuedAccessTokens.Single(), r.Header("X-Service-Token")));
        Assert.All(hops, r => Assert.Equal("Bearer " + _h.Context.UserToken, r.Header("Authorization")));
        Assert.Equal(hops[0].Header("X-Correlation-Id"), hops[1].Header("X-Correlation-Id"));
        Assert.NotEqual(hops[0].Header("X-Request-Id"), hops[1].Header("X-Request-Id"));
    }

    [Fact]
    public async Task Redirect_307_keeps_method_body_and_idempotency_key_and_303_turns_a_post_into_a_get()
    {
        _h.Downstream.Respond = (r, http) =>
        {
            if (r.PathAndQuery is "/a" or "/b")
            {
                http.Response.StatusCode = r.PathAndQuery == "/a" ? StatusCodes.Status307TemporaryRedirect : StatusCodes.Status303SeeOther;
                http.Response.Headers.Location = r.PathAndQuery == "/a" ? "/b" : "/c";
                return Task.CompletedTask;
            }

            return http.Response.WriteAsync("done");
        };
        var client = Client(autoRedirect: true);

        await client.PostAsync("/a", new StringContent("order-1"));

        var hops = _h.Downstream.Requests.ToArray();
        Assert.Equal(["POST /a", "POST /b", "GET /c"], hops.Select(r => r.Method + " " + r.PathAndQuery));
        Assert.Equal(["order-1", "order-1", ""], hops.Select(r => r.Body));
        Assert.NotNull(hops[0].Header("Idempotency-Key"));
        Assert.Equal(hops[0].Header("Idempotency-Key"), hops[1].Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Redirect_to_a_host_in_AllowedHosts_is_followed_with_the_token()
    {
        RedirectTo(new Uri(_other.BaseUri, "/moved"));
        var client = _h.CreateClient(o =>
        {
            o.AllowedHosts.Add(_h.Downstream.Authority);
            o.AllowedHosts.Add(_other.Authority);
        });

        (await client.GetAsync("/go")).EnsureSuccessStatusCode();

        Assert.Equal(_h.Issuer.IssuedAccessTokens.Single(), _other.Single().Header("X-Service-Token"));
    }

    [Fact]
    public async Task Redirect_loop_stops_at_the_primary_handlers_limit()
    {
        RedirectTo(new Uri(_h.Downstream.BaseUri, "/go"));
        var client = _h.CreateClient(builder: b => b.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxAutomaticRedirections = 3 }));

        var response = await client.GetAsync("/go");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(4, _h.Downstream.Requests.Count);
    }
}
