using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace S2SAuth.Client.Tests.Resilience;

/// <summary>Composition with Microsoft.Extensions.Http.Resilience's standard handler, over real loopback HTTP.</summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static void NoDelay(HttpStandardResilienceOptions o) => o.Retry.Delay = TimeSpan.Zero;

    private void FailFirst(int failures, int status = StatusCodes.Status503ServiceUnavailable) =>
        _h.Downstream.Respond = (r, http) =>
        {
            http.Response.StatusCode = r.Number <= failures ? status : StatusCodes.Status200OK;
            return Task.CompletedTask;
        };

    private HttpClient ClientWithResilience(bool resilienceFirst, bool retryWithIdempotencyKey = false)
    {
        var services = _h.NewServices();
        var builder = services.AddHttpClient(ClientHarness.ClientName, c => c.BaseAddress = _h.Downstream.BaseUri);
        if (resilienceFirst)
        {
            builder.AddStandardResilienceHandler(NoDelay);
        }

        builder.AddServiceTokenHandler(o =>
        {
            o.Audience = ClientHarness.Audience;
            o.RetryWithIdempotencyKey = retryWithIdempotencyKey;
        });
        if (!resilienceFirst)
        {
            builder.AddStandardResilienceHandler(NoDelay);
        }

        return _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient(ClientHarness.ClientName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Retried_post_carries_the_same_idempotency_key_and_a_new_request_id_whatever_the_registration_order(bool resilienceFirst)
    {
        FailFirst(2);
        var client = ClientWithResilience(resilienceFirst, retryWithIdempotencyKey: true); // a POST answered 503 is retried only for such a downstream

        var response = await client.PostAsync("/orders/1:confirm", new StringContent("{\"qty\":1}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = _h.Downstream.Requests.ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.Single(attempts.Select(a => a.Header("Idempotency-Key")).Distinct());
        Assert.NotNull(attempts[0].Header("Idempotency-Key"));
        Assert.Equal(3, attempts.Select(a => a.Header("X-Request-Id")).Distinct().Count());
        Assert.Single(attempts.Select(a => a.Header("X-Correlation-Id")).Distinct());
        Assert.All(attempts, a => Assert.Equal(_h.Issuer.IssuedAccessTokens.Single(), a.Header("X-Service-Token")));
        Assert.All(attempts, a => Assert.Equal("{\"qty\":1}", a.Body));
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Safe_get_is_retried()
    {
        FailFirst(1);
        var client = ClientWithResilience(resilienceFirst: false);

        var response = await client.GetAsync("/prices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _h.Downstream.Requests.Count);
    }

    [Fact]
    public async Task Unsafe_request_without_an_idempotency_key_is_not_retried()
    {
        FailFirst(1);
        var client = ClientWithResilience(resilienceFirst: false);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod("PURGE"), "/cache"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Unsafe_request_with_a_caller_supplied_idempotency_key_is_retried_when_the_downstream_honours_it()
    {
        FailFirst(1);
        var client = ClientWithResilience(resilienceFirst: false, retryWithIdempotencyKey: true);
        using var request = new HttpRequestMessage(new HttpMethod("PURGE"), "/cache");
        request.Headers.Add("Idempotency-Key", "purge-42");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["purge-42", "purge-42"], _h.Downstream.Requests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task RetryOnlySafeOrIdempotentRequests_works_in_a_pipeline_of_ones_own()
    {
        FailFirst(1);
        var services = _h.NewServices();
        services.AddHttpClient(ClientHarness.ClientName, c => c.BaseAddress = _h.Downstream.BaseUri)
            .AddServiceTokenHandler(o => o.Audience = ClientHarness.Audience)
            .AddResilienceHandler("own", p => p.AddRetry(new HttpRetryStrategyOptions { Delay = TimeSpan.Zero }.RetryOnlySafeOrIdempotentRequests()));
        var client = _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient(ClientHarness.ClientName);

        var purge = await client.SendAsync(new HttpRequestMessage(new HttpMethod("PURGE"), "/cache"));
        FailFirst(2);
        var get = await client.GetAsync("/prices");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, purge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(3, _h.Downstream.Requests.Count);
    }

    [Fact]
    public async Task Missing_service_token_is_not_retried_by_the_resilience_handler()
    {
        _h.Issuer.TokenEndpointFailureStatus = 503;
        var client = ClientWithResilience(resilienceFirst: false);

        var e = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/prices"));

        Assert.Equal(ServiceTokenFailureReason.IssuerUnavailable, e.Reason);
        Assert.Equal(1, _h.Issuer.TokenRequestCount);
        Assert.Empty(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Refused_host_is_not_retried_by_the_resilience_handler()
    {
        var client = ClientWithResilience(resilienceFirst: true);

        await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("http://198.51.100.7/x"));

        Assert.Equal(0, _h.Issuer.TokenRequestCount);
    }
}
