using System.Net;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Client.Tests.Handlers;

/// <summary>A downstream that answers <c>401</c> with <c>WWW-Authenticate: Bearer error="invalid_token"</c>.</summary>
public sealed class TokenRejectionTests : IAsyncLifetime
{
    private const string InvalidToken = "Bearer realm=\"S2SAuth\", error=\"invalid_token\", error_description=\"token_revoked\"";
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>Rejects the first token the issuer issued (or every token) with 401 invalid_token.</summary>
    private void Reject(bool everyToken = false, string challenge = InvalidToken) =>
        _h.Downstream.Respond = (r, http) =>
        {
            if (everyToken || r.Header("X-Service-Token") == _h.Issuer.IssuedAccessTokens.First())
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = challenge;
                return Task.CompletedTask;
            }

            return http.Response.WriteAsync("ok");
        };

    [Fact]
    public async Task Invalid_token_answer_causes_exactly_one_refresh_and_one_retry()
    {
        Reject();
        var client = _h.CreateClient();

        var response = await client.PostAsync("/orders/1:confirm", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _h.Issuer.TokenRequestCount);
        var attempts = _h.Downstream.Requests.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.Equal(_h.Issuer.IssuedAccessTokens.ToArray(), attempts.Select(a => a.Header("X-Service-Token")));
        Assert.Equal(attempts[0].Header("Idempotency-Key"), attempts[1].Header("Idempotency-Key"));
        Assert.NotEqual(attempts[0].Header("X-Request-Id"), attempts[1].Header("X-Request-Id"));
    }

    [Fact]
    public async Task Invalid_token_answer_to_the_retry_is_returned_never_looping()
    {
        Reject(everyToken: true);
        var client = _h.CreateClient(builder: b => b.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero));

        var response = await client.GetAsync("/prices");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, _h.Downstream.Requests.Count);
        Assert.Equal(2, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Forced_refreshes_are_limited_to_one_per_interval()
    {
        Reject(everyToken: true);
        var client = _h.CreateClient();

        await client.GetAsync("/1");
        var second = await client.GetAsync("/2");
        Assert.Equal(2, _h.Issuer.TokenRequestCount);
        Assert.Equal(3, _h.Downstream.Requests.Count);
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await client.GetAsync("/3");

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(3, _h.Issuer.TokenRequestCount);
        Assert.Equal(5, _h.Downstream.Requests.Count);
    }

    [Fact]
    public async Task Concurrent_rejections_of_the_same_token_share_one_refresh()
    {
        var client = _h.CreateClient();
        await client.GetAsync("/warm");
        Reject();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetAsync($"/{i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, _h.Issuer.TokenRequestCount);
    }

    [Theory]
    [InlineData("Bearer realm=\"S2SAuth\"")]
    [InlineData("Bearer error=\"insufficient_scope\"")]
    [InlineData("Basic realm=\"x\", error=\"invalid_token\"")]
    [InlineData("Bearer error_description=\"invalid_token\"")]
    public async Task Other_401_answers_are_returned_without_a_refresh(string challenge)
    {
        Reject(everyToken: true, challenge);
        var client = _h.CreateClient();

        var response = await client.GetAsync("/prices");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(_h.Downstream.Requests);
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Invalid_token_with_the_issuer_down_returns_the_401()
    {
        Reject(everyToken: true);
        var client = _h.CreateClient();
        await client.GetAsync("/warm");
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        _h.Issuer.TokenEndpointFailureStatus = 503;

        var response = await client.GetAsync("/prices");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(3, _h.Downstream.Requests.Count);
    }
}
