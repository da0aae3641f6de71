using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Client;
using S2SAuth.Client.Exchange;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Revocation;

/// <summary>
/// A web service that exchanges its callers' user tokens (<see cref="UserTokenMode.Exchange"/>) forgets the exchanged
/// tokens of a revoked user token or a cut-off user as soon as the revocation is applied, so no later call sends one.
/// Real issuer over loopback HTTP for the exchange; the downstream is an in-memory transport that records what it got.
/// </summary>
public sealed class ExchangedTokenRevocationTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _sentAsUser = new();
    private TestIssuer _issuer = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _issuer.AddClient("orders-service", "orders-secret-3b8d1f", "pricing.resolve");
        _api = await TestApi.StartAsync(_issuer, services: s =>
        {
            s.AddServiceAuth(_ => { }).AddRevocation();
            s.AddServiceTokenClient(configure: o =>
            {
                o.Authority = _issuer.Authority;
                o.ClientId = "orders-service";
                o.ClientSecret = "orders-secret-3b8d1f";
                o.RequireHttpsMetadata = false;
            });
            s.AddHttpClient("pricing", c => c.BaseAddress = new Uri("https://pricing.internal/"))
                .ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler(_sentAsUser))
                .PrimaryHandlerFollowsNoRedirects()
                .AddServiceTokenHandler(o =>
                {
                    o.Audience = "pricing-service";
                    o.Scopes.Add("pricing.resolve");
                    o.UserScoped = true;
                    o.UserToken = UserTokenMode.Exchange;
                });
        }, endpoints: app => app.MapGet("/relay", async (IHttpClientFactory clients) =>
            (int)(await clients.CreateClient("pricing").GetAsync("prices")).StatusCode));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private ExchangedTokenCache Cache => _api.App.Services.GetRequiredService<ExchangedTokenCache>();

    private IRevocationService Revocations => _api.App.Services.GetRequiredService<IRevocationService>();

    [Fact]
    public async Task Revoking_the_user_token_forgets_its_exchanged_token()
    {
        var jti = Guid.NewGuid().ToString("N");
        var user = UserToken("user_123").Claim("jti", jti).Build();
        await RelayAsync(user);
        await RelayAsync(user);
        Assert.Equal(1, _issuer.TokenExchangeCount);
        Assert.Equal(1, Cache.Count);
        Assert.DoesNotContain(user, _sentAsUser);

        await Revocations.RevokeTokenAsync(_issuer.Issuer, jti, DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Equal(0, Cache.Count);
        Assert.Contains(_api.Logs.Entries, e => e.EventId.Id == 2404);
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/relay", _api.ServiceToken().Build(), user), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal(1, _issuer.TokenExchangeCount);
    }

    [Fact]
    public async Task Cutting_a_user_off_forgets_the_exchanged_tokens_of_the_tokens_issued_before()
    {
        await RelayAsync(UserToken("user_123").Build());
        await RelayAsync(UserToken("user_456").Build());
        Assert.Equal(2, Cache.Count);

        await Revocations.CutOffSubjectAsync(_issuer.Issuer, "user_123", DateTimeOffset.UtcNow.AddSeconds(5));

        Assert.Equal(1, Cache.Count);
        await Revocations.RevokeTokenAsync(_issuer.Issuer, "an-unrelated-jti", DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(1, Cache.Count);
    }

    private TokenBuilder UserToken(string userId) => _issuer.UserToken(userId, TestApi.Audience, "tenant_789", ["order.confirm", "pricing.resolve"]);

    private async Task RelayAsync(string userToken)
    {
        using var response = await _api.GetAsync("/relay", _api.ServiceToken().Build(), userToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("200", await response.Content.ReadAsStringAsync());
    }

    private sealed class RecordingHandler(ConcurrentQueue<string> sentAsUser) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization?.Parameter is { } bearer)
            {
                sentAsUser.Enqueue(bearer);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
        }
    }
}
