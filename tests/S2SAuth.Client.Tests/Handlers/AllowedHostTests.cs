using System.Net;

namespace S2SAuth.Client.Tests.Handlers;

public sealed class AllowedHostTests : IAsyncLifetime
{
    private ClientHarness _h = null!;
    private Downstream _other = null!;

    public async Task InitializeAsync()
    {
        _h = await ClientHarness.StartAsync();
        _other = await Downstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _other.DisposeAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Request_to_another_host_fails_before_any_token_is_asked_for_or_attached()
    {
        var client = _h.CreateClient();

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync(new Uri(_other.BaseUri, "/steal")));

        Assert.Equal(OutgoingCallRefusalReason.HostNotAllowed, e.Reason);
        Assert.Equal(_other.Authority, e.Host);
        Assert.Equal(ClientHarness.ClientName, e.ClientName);
        Assert.Contains("AllowedHosts", e.Message, StringComparison.Ordinal);
        Assert.Empty(_other.Requests);
        Assert.Equal(0, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Refusal_is_logged_with_reason_host_and_correlation_id()
    {
        _h.Context.CorrelationId = "corr-refused-1";
        var client = _h.CreateClient();

        await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync(new Uri(_other.BaseUri, "/steal")));

        var entry = Assert.Single(_h.Logs.Entries, e => e.EventId.Id == 2101);
        Assert.Equal("HostNotAllowed", entry.Values["Reason"]);
        Assert.Equal(_other.Authority, entry.Values["Host"]);
        Assert.Equal("corr-refused-1", entry.Values["CorrelationId"]);
    }

    [Fact]
    public async Task Same_host_on_another_port_is_another_host()
    {
        var client = _h.CreateClient();
        var otherPort = new UriBuilder(_h.Downstream.BaseUri) { Port = _other.BaseUri.Port, Path = "/x" }.Uri;

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync(otherPort));

        Assert.Equal(OutgoingCallRefusalReason.HostNotAllowed, e.Reason);
        Assert.Empty(_other.Requests);
    }

    [Fact]
    public async Task AllowedHosts_can_name_further_hosts()
    {
        var client = _h.CreateClient(o =>
        {
            o.AllowedHosts.Add(_h.Downstream.Authority);
            o.AllowedHosts.Add(_other.Authority);
        });

        (await client.GetAsync("/a")).EnsureSuccessStatusCode();
        (await client.GetAsync(new Uri(_other.BaseUri, "/b"))).EnsureSuccessStatusCode();

        Assert.NotNull(_h.Downstream.Single().Header("X-Service-Token"));
        Assert.NotNull(_other.Single().Header("X-Service-Token"));
    }

    [Fact]
    public async Task Explicit_AllowedHosts_replace_the_BaseAddress_default()
    {
        var client = _h.CreateClient(o => o.AllowedHosts.Add(_other.Authority));

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/a"));

        Assert.Equal(OutgoingCallRefusalReason.HostNotAllowed, e.Reason);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Client_without_BaseAddress_works_with_AllowedHosts_and_absolute_urls()
    {
        var services = _h.NewServices();
        services.AddHttpClient("bare").AddServiceTokenHandler(o => o.AllowedHosts.Add(_other.BaseUri.ToString()));
        var client = _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient("bare");

        var response = await client.GetAsync(new Uri(_other.BaseUri, "/ok"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(_other.Single().Header("X-Service-Token"));
    }

    [Fact]
    public async Task Caller_supplied_service_token_header_is_replaced_by_the_clients_own()
    {
        var client = _h.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/a");
        request.Headers.TryAddWithoutValidation("X-Service-Token", "forged-by-caller");

        await client.SendAsync(request);

        Assert.Equal(_h.Issuer.IssuedAccessTokens.Single(), _h.Downstream.Single().Header("X-Service-Token"));
    }

    [Fact]
    public async Task Synchronous_send_is_refused_rather_than_sent_without_a_token()
    {
        var client = _h.CreateClient();

        Assert.Throws<NotSupportedException>(() => client.Send(new HttpRequestMessage(HttpMethod.Get, "/a")));

        Assert.Empty(_h.Downstream.Requests);
    }
}
