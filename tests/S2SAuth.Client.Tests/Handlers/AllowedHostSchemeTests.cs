using System.Net;

namespace S2SAuth.Client.Tests.Handlers;

/// <summary>
/// An allowed host is scheme, host and port. The downstream is a real Kestrel server speaking plain HTTP; the client
/// is configured for HTTPS on the same host and port, so a request that names <c>http://</c> would reach it in cleartext.
/// </summary>
public sealed class AllowedHostSchemeTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Uri Https => new UriBuilder(_h.Downstream.BaseUri) { Scheme = Uri.UriSchemeHttps }.Uri;

    private HttpClient ClientFor(Uri baseAddress, Action<ServiceTokenHandlerOptions>? configure = null)
    {
        var services = _h.NewServices();
        services.AddHttpClient("pricing", c => c.BaseAddress = baseAddress).AddServiceTokenHandler(o =>
        {
            o.Audience = ClientHarness.Audience;
            configure?.Invoke(o);
        });
        return _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient("pricing");
    }

    [Fact]
    public async Task Http_request_to_the_port_of_an_https_BaseAddress_is_refused_as_host_not_allowed_and_nothing_is_sent()
    {
        var client = ClientFor(Https);

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync(new Uri(_h.Downstream.BaseUri, "/prices")));

        Assert.Equal(OutgoingCallRefusalReason.HostNotAllowed, e.Reason);
        Assert.Equal(_h.Downstream.Authority, e.Host);
        Assert.Empty(_h.Downstream.Requests);
        Assert.Equal(0, _h.Issuer.TokenRequestCount);
        Assert.Equal("HostNotAllowed", Assert.Single(_h.Logs.Entries, l => l.EventId.Id == 2101).Values["Reason"]);
    }

    [Fact]
    public async Task Http_request_to_an_https_AllowedHosts_entry_is_refused_too()
    {
        var client = ClientFor(_h.Downstream.BaseUri, o => o.AllowedHosts.Add(Https.GetLeftPart(UriPartial.Authority)));

        var e = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/prices"));

        Assert.Equal(OutgoingCallRefusalReason.HostNotAllowed, e.Reason);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Plain_http_goes_out_when_the_entry_names_http_explicitly()
    {
        var client = ClientFor(Https, o => o.AllowedHosts.Add(_h.Downstream.BaseUri.GetLeftPart(UriPartial.Authority)));

        var response = await client.GetAsync(new Uri(_h.Downstream.BaseUri, "/prices"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(_h.Downstream.Single().Header("X-Service-Token"));
    }
}
