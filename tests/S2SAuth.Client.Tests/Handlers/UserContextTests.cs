using System.Net;

namespace S2SAuth.Client.Tests.Handlers;

public sealed class UserContextTests : IAsyncLifetime
{
    private ClientHarness _h = null!;
    private string _userToken = null!;

    public async Task InitializeAsync()
    {
        _h = await ClientHarness.StartAsync();
        _userToken = _h.Issuer.UserToken("user_123", "pricing-service", "tenant_789", ["pricing.resolve"]).Build();
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task User_scoped_client_forwards_the_current_user_token_as_bearer_next_to_the_service_token()
    {
        _h.Context.UserToken = _userToken;
        var client = _h.CreateClient(o => o.UserScoped = true);

        await client.GetAsync("/prices");

        var received = _h.Downstream.Single();
        Assert.Equal("Bearer " + _userToken, received.Header("Authorization"));
        Assert.Equal(_h.Issuer.IssuedAccessTokens.Single(), received.Header("X-Service-Token"));
        Assert.Null(received.Header("X-User-Token"));
    }

    [Fact]
    public async Task User_token_can_go_in_X_User_Token_instead()
    {
        _h.Context.UserToken = _userToken;
        var client = _h.CreateClient(o =>
        {
            o.UserScoped = true;
            o.UserTokenHeader = UserTokenHeader.XUserToken;
        });

        await client.GetAsync("/prices");

        Assert.Equal(_userToken, _h.Downstream.Single().Header("X-User-Token"));
        Assert.Null(_h.Downstream.Single().Header("Authorization"));
    }

    [Fact]
    public async Task User_scoped_call_without_a_user_token_fails_and_nothing_is_sent()
    {
        var client = _h.CreateClient(o => o.UserScoped = true);

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/prices"));

        Assert.Equal(OutgoingCallRefusalReason.UserTokenMissing, e.Reason);
        Assert.Empty(_h.Downstream.Requests);
        Assert.Equal(0, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Service_only_client_never_forwards_the_user_token_even_when_there_is_one()
    {
        _h.Context.UserToken = _userToken;
        var client = _h.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/prices");
        request.Headers.TryAddWithoutValidation("X-User-Token", _userToken);

        await client.SendAsync(request);

        var received = _h.Downstream.Single();
        Assert.NotNull(received.Header("X-Service-Token"));
        Assert.Null(received.Header("Authorization"));
        Assert.Null(received.Header("X-User-Token"));
        Assert.DoesNotContain(received.Headers.Values, v => v.Contains(_userToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AsUserScoped_forwards_the_user_token_on_one_request_of_a_service_only_client()
    {
        _h.Context.UserToken = _userToken;
        var client = _h.CreateClient();

        await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/user").AsUserScoped());
        await client.GetAsync("/service");

        var (user, service) = (_h.Downstream.Requests.First(), _h.Downstream.Requests.Last());
        Assert.Equal("Bearer " + _userToken, user.Header("Authorization"));
        Assert.Null(service.Header("Authorization"));
    }

    [Fact]
    public async Task AsServiceOnly_keeps_the_user_token_off_one_request_of_a_user_scoped_client()
    {
        var client = _h.CreateClient(o => o.UserScoped = true);

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/job").AsServiceOnly());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(_h.Downstream.Single().Header("Authorization"));
        Assert.NotNull(_h.Downstream.Single().Header("X-Service-Token"));
    }

    [Fact]
    public async Task User_token_is_read_from_the_context_on_every_call()
    {
        var client = _h.CreateClient(o => o.UserScoped = true);
        var other = _h.Issuer.UserToken("user_456", "pricing-service", "tenant_789").Build();

        _h.Context.UserToken = _userToken;
        await client.GetAsync("/1");
        _h.Context.UserToken = other;
        await client.GetAsync("/2");

        Assert.Equal(["Bearer " + _userToken, "Bearer " + other], _h.Downstream.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task Without_a_registered_context_user_scoped_calls_fail_and_service_calls_work()
    {
        var services = _h.NewServices(registerContext: false);
        services.AddHttpClient("user", c => c.BaseAddress = _h.Downstream.BaseUri).AddServiceTokenHandler(o => o.UserScoped = true);
        services.AddHttpClient("job", c => c.BaseAddress = _h.Downstream.BaseUri).AddServiceTokenHandler();
        var factory = _h.Build(services).GetRequiredService<IHttpClientFactory>();

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => factory.CreateClient("user").GetAsync("/u"));
        (await factory.CreateClient("job").GetAsync("/j")).EnsureSuccessStatusCode();

        Assert.Equal(OutgoingCallRefusalReason.UserTokenMissing, e.Reason);
        Assert.Equal("/j", _h.Downstream.Single().PathAndQuery);
        Assert.NotNull(_h.Downstream.Single().Header("X-Correlation-Id"));
    }
}
