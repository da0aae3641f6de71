using S2SAuth.Client.Tokens;

namespace S2SAuth.Client.Tests.Tokens;

public sealed class TokenAcquisitionTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Call_carries_a_client_credentials_token_for_the_clients_audience_and_scopes()
    {
        var client = _h.CreateClient();

        var response = await client.GetAsync("/prices");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var token = _h.Downstream.Single().Header("X-Service-Token");
        Assert.NotNull(token);
        Assert.Equal(_h.Issuer.IssuedAccessTokens.Single(), token);
        var payload = Jwt.Payload(token);
        Assert.Equal(ClientHarness.ClientId, payload.GetProperty("sub").GetString());
        Assert.Equal(ClientHarness.Audience, payload.GetProperty("aud").GetString());
        Assert.Equal([ClientHarness.Scope], payload.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Client_secret_basic_is_the_default_and_the_audience_goes_in_the_audience_field()
    {
        await _h.CreateClient().GetAsync("/prices");

        var request = _h.Issuer.LastTokenRequest!;
        Assert.Equal("client_secret_basic", request.AuthenticationMethod);
        Assert.Equal(ClientHarness.ClientId, request.ClientId);
        Assert.Equal(ClientHarness.Scope, request.Scope);
        Assert.Equal([ClientHarness.Audience], request.Audiences);
        Assert.Empty(request.Resources);
    }

    [Fact]
    public async Task Client_secret_post_sends_the_credentials_in_the_form()
    {
        var client = _h.CreateClient(settings: new Dictionary<string, string?> { ["ServiceAuth:ClientAuthentication"] = "ClientSecretPost" });

        await client.GetAsync("/prices");

        Assert.Equal("client_secret_post", _h.Issuer.LastTokenRequest!.AuthenticationMethod);
        Assert.NotNull(_h.Downstream.Single().Header("X-Service-Token"));
    }

    [Fact]
    public async Task Resource_parameter_carries_the_audience_when_configured()
    {
        var client = _h.CreateClient(o => o.Audience = "urn:pricing-service",
            settings: new Dictionary<string, string?> { ["ServiceAuth:AudienceParameter"] = "Resource" });

        await client.GetAsync("/prices");

        Assert.Equal(["urn:pricing-service"], _h.Issuer.LastTokenRequest!.Resources);
        Assert.Empty(_h.Issuer.LastTokenRequest!.Audiences);
        Assert.Equal("urn:pricing-service", Jwt.Payload(_h.Downstream.Single().Header("X-Service-Token")!).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Token_endpoint_is_read_from_the_discovery_document()
    {
        await _h.CreateClient().GetAsync("/prices");

        Assert.Equal(1, _h.Issuer.MetadataRequestCount);
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Configured_token_endpoint_skips_discovery()
    {
        var client = _h.CreateClient(settings: new Dictionary<string, string?> { ["ServiceAuth:TokenEndpoint"] = _h.Issuer.TokenEndpoint });

        await client.GetAsync("/prices");

        Assert.Equal(0, _h.Issuer.MetadataRequestCount);
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Wrong_client_secret_fails_with_rejected_invalid_client_and_nothing_is_sent()
    {
        var client = _h.CreateClient(settings: new Dictionary<string, string?> { ["ServiceAuth:ClientSecret"] = "not-the-secret-4411" });

        var e = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/prices"));

        Assert.Equal(ServiceTokenFailureReason.Rejected, e.Reason);
        Assert.Equal("invalid_client", e.Error);
        Assert.Equal(ClientHarness.Audience, e.Audience);
        Assert.DoesNotContain("not-the-secret-4411", e.Message, StringComparison.Ordinal);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Scope_the_client_may_not_have_fails_with_rejected_invalid_scope()
    {
        var client = _h.CreateClient(o => o.Scopes.Add("admin.everything"));

        var e = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/prices"));

        Assert.Equal(ServiceTokenFailureReason.Rejected, e.Reason);
        Assert.Equal("invalid_scope", e.Error);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Disabled_service_account_gets_no_token_and_sends_nothing()
    {
        _h.Issuer.AddClient(new S2SAuth.Testing.TestClient(ClientHarness.ClientId, ClientHarness.Secret, [ClientHarness.Scope]) { Disabled = true });
        var client = _h.CreateClient();

        var e = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/prices"));

        Assert.Equal("invalid_client", e.Error);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Expires_in_of_the_answer_sets_the_cached_tokens_expiry()
    {
        _h.Issuer.AddClient(new S2SAuth.Testing.TestClient(ClientHarness.ClientId, ClientHarness.Secret, [ClientHarness.Scope]) { TokenLifetime = TimeSpan.FromSeconds(90) });
        var client = _h.CreateClient();
        await client.GetAsync("/prices");
        var slot = _h.Services.GetRequiredService<ServiceTokenCache>().GetSlot(TokenKey.For(ClientHarness.Audience, [ClientHarness.Scope]));

        Assert.Equal(_h.Time.GetUtcNow().AddSeconds(90), slot.Current!.ExpiresAt);
    }
}
