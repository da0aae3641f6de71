using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace S2SAuth.Client.Tests.Handlers;

/// <summary>
/// A real web service (Kestrel, AddServiceAuth) that calls the downstream while handling a request: the outgoing
/// call forwards the incoming request's verified user token and correlation id.
/// </summary>
public sealed class IncomingRequestContextTests : IAsyncLifetime
{
    private ClientHarness _h = null!;
    private WebApplication _orders = null!;
    private Uri _ordersUri = null!;

    public async Task InitializeAsync()
    {
        _h = await ClientHarness.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddServiceAuth(o =>
        {
            o.Authority = _h.Issuer.Authority;
            o.Audience = "orders-service";
            o.RequireHttpsMetadata = false;
        });
        builder.Services.AddServiceTokenClient(configure: o =>
        {
            o.Authority = _h.Issuer.Authority;
            o.ClientId = ClientHarness.ClientId;
            o.ClientSecret = ClientHarness.Secret;
            o.RequireHttpsMetadata = false;
        });
        builder.Services.AddHttpClient("pricing", c => c.BaseAddress = _h.Downstream.BaseUri)
            .AddServiceTokenHandler(o =>
            {
                o.Audience = ClientHarness.Audience;
                o.UserScoped = true;
            });
        builder.Services.AddHttpClient("billing", c => c.BaseAddress = _h.Downstream.BaseUri)
            .AddServiceTokenHandler(o => o.Audience = "billing-service");
        _orders = builder.Build();
        _orders.UseServiceAuth();
        _orders.MapPost("/orders/{id}:confirm", async (string id, IHttpClientFactory clients) =>
        {
            await clients.CreateClient("pricing").PostAsync("/prices:resolve", new StringContent(id));
            await clients.CreateClient("billing").PostAsync("/charges", new StringContent(id));
            return Results.Ok();
        });
        await _orders.StartAsync();
        var address = _orders.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _ordersUri = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        await _orders.DisposeAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task User_scoped_call_forwards_the_incoming_user_token_and_correlation_id_and_the_service_call_does_not()
    {
        var userToken = _h.Issuer.UserToken("user_123", "orders-service", "tenant_789", ["order.confirm"]).Build();
        using var http = new HttpClient { BaseAddress = _ordersUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders/42:confirm");
        request.Headers.Add("X-Service-Token", _h.Issuer.ServiceToken("gateway", "orders-service").Build());
        request.Headers.Add("Authorization", "Bearer " + userToken);
        request.Headers.Add("X-Correlation-Id", "chain-0042");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (pricing, billing) = (_h.Downstream.Requests.First(), _h.Downstream.Requests.Last());
        Assert.Equal("Bearer " + userToken, pricing.Header("Authorization"));
        Assert.Null(billing.Header("Authorization"));
        Assert.Equal("chain-0042", pricing.Header("X-Correlation-Id"));
        Assert.Equal("chain-0042", billing.Header("X-Correlation-Id"));
        Assert.Equal(ClientHarness.Audience, Jwt.Payload(pricing.Header("X-Service-Token")!).GetProperty("aud").GetString());
        Assert.Equal("billing-service", Jwt.Payload(billing.Header("X-Service-Token")!).GetProperty("aud").GetString());
    }
}
