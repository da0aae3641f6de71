using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace S2SAuth.Client.Tests.Resilience;

/// <summary>
/// A state-changing call is sent again only when it certainly did not reach the server, unless the client says its
/// downstream honours <c>Idempotency-Key</c>. The downstream is a real Kestrel server that counts what it received;
/// attempt timeouts run on the harness's fake clock.
/// </summary>
public sealed class StateChangingRetryTests : IAsyncLifetime
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _h.DisposeAsync();
    }

    private static void Standard(HttpStandardResilienceOptions o)
    {
        o.Retry.Delay = TimeSpan.Zero;
        o.AttemptTimeout.Timeout = AttemptTimeout;
    }

    private HttpClient Client(Uri baseAddress, bool retryWithIdempotencyKey = false, Action<HttpStandardResilienceOptions>? resilience = null)
    {
        var services = _h.NewServices();
        services.AddHttpClient(ClientHarness.ClientName, c => c.BaseAddress = baseAddress)
            .AddServiceTokenHandler(o =>
            {
                o.Audience = ClientHarness.Audience;
                o.RetryWithIdempotencyKey = retryWithIdempotencyKey;
            })
            .AddStandardResilienceHandler(o =>
            {
                Standard(o);
                resilience?.Invoke(o);
            });
        return _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient(ClientHarness.ClientName);
    }

    /// <summary>The first request is processed (recorded), then its answer never comes before the attempt timeout.</summary>
    private void FirstAnswerHangs() =>
        _h.Downstream.Respond = async (r, http) =>
        {
            if (r.Number == 1)
            {
                await _release.Task.WaitAsync(http.RequestAborted);
            }

            await http.Response.WriteAsync("created");
        };

    private async Task<HttpResponseMessage> TimeOutTheFirstAttemptAsync(Task<HttpResponseMessage> call)
    {
        await Eventually.TrueAsync(() => _h.Downstream.Requests.Count == 1, "the server to receive the first attempt");
        _h.Time.Advance(AttemptTimeout + TimeSpan.FromSeconds(1));
        return await call;
    }

    [Fact]
    public async Task Post_that_timed_out_after_the_server_processed_it_is_sent_exactly_once()
    {
        FirstAnswerHangs();
        var client = Client(_h.Downstream.BaseUri);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => TimeOutTheFirstAttemptAsync(client.PostAsync("/orders", new StringContent("{\"qty\":1}"))));

        Assert.Equal("POST /orders", _h.Downstream.Single().Method + " " + _h.Downstream.Single().PathAndQuery);
    }

    [Fact]
    public async Task Post_that_timed_out_is_retried_with_the_same_idempotency_key_when_the_client_opts_in()
    {
        FirstAnswerHangs();
        var client = Client(_h.Downstream.BaseUri, retryWithIdempotencyKey: true);

        var response = await TimeOutTheFirstAttemptAsync(client.PostAsync("/orders", new StringContent("{\"qty\":1}")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = _h.Downstream.Requests.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.NotNull(attempts[0].Header("Idempotency-Key"));
        Assert.Single(attempts.Select(a => a.Header("Idempotency-Key")).Distinct());
        Assert.All(attempts, a => Assert.Equal("{\"qty\":1}", a.Body));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task State_changing_call_answered_503_is_not_retried_by_default(string method)
    {
        _h.Downstream.Respond = (r, http) =>
        {
            http.Response.StatusCode = r.Number == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        };
        var client = Client(_h.Downstream.BaseUri);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/orders/1") { Content = new StringContent("x") });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Get_that_timed_out_is_still_retried()
    {
        FirstAnswerHangs();
        var client = Client(_h.Downstream.BaseUri);

        var response = await TimeOutTheFirstAttemptAsync(client.GetAsync("/prices"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _h.Downstream.Requests.Count);
    }

    [Fact]
    public async Task Post_to_a_refused_port_is_retried_and_reaches_the_server_once_it_listens()
    {
        var port = FreePort.Next();
        var target = new Uri($"http://127.0.0.1:{port}/");
        Downstream? late = null;
        var client = Client(target, resilience: o => o.Retry.OnRetry = async args =>
        {
            late ??= await Downstream.StartAsync(port);
        });
        try
        {
            var response = await client.PostAsync("/orders", new StringContent("{\"qty\":1}"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(late);
            var received = late.Single();
            Assert.Equal("POST /orders", received.Method + " " + received.PathAndQuery);
            Assert.NotNull(received.Header("Idempotency-Key"));
        }
        finally
        {
            if (late is not null)
            {
                await late.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Retry_rule_in_a_pipeline_of_ones_own_follows_the_same_default()
    {
        _h.Downstream.Respond = (r, http) =>
        {
            http.Response.StatusCode = r.Number == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        };
        var services = _h.NewServices();
        services.AddHttpClient(ClientHarness.ClientName, c => c.BaseAddress = _h.Downstream.BaseUri)
            .AddServiceTokenHandler(o => o.Audience = ClientHarness.Audience)
            .AddResilienceHandler("own", p => p.AddRetry(new HttpRetryStrategyOptions { Delay = TimeSpan.Zero }.RetryOnlySafeOrIdempotentRequests()));
        var client = _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient(ClientHarness.ClientName);

        var response = await client.PostAsync("/orders", new StringContent("x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(_h.Downstream.Requests);
    }

    private void AnswerOddRequests503() =>
        _h.Downstream.Respond = (r, http) =>
        {
            http.Response.StatusCode = r.Number % 2 == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        };

    [Fact]
    public async Task Client_without_the_service_token_handler_keeps_the_standard_retry_of_a_post_answered_503()
    {
        AnswerOddRequests503();
        var services = _h.NewServices();
        services.AddHttpClient(ClientHarness.ClientName, c => c.BaseAddress = _h.Downstream.BaseUri)
            .AddServiceTokenHandler(o => o.Audience = ClientHarness.Audience)
            .AddStandardResilienceHandler(Standard);
        services.AddHttpClient("plain", c => c.BaseAddress = _h.Downstream.BaseUri).AddStandardResilienceHandler(Standard);
        var factory = _h.Build(services).GetRequiredService<IHttpClientFactory>();

        var plain = await factory.CreateClient("plain").PostAsync("/orders", new StringContent("x"));
        var withToken = await factory.CreateClient(ClientHarness.ClientName).PostAsync("/orders", new StringContent("x"));

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, withToken.StatusCode);
        var attempts = _h.Downstream.Requests.ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.Null(attempts[0].Header("X-Service-Token"));
        Assert.Null(attempts[1].Header("X-Service-Token"));
        Assert.NotNull(attempts[2].Header("X-Service-Token"));
    }

    [Fact]
    public async Task Standard_resilience_handler_added_for_every_client_follows_the_service_token_rule()
    {
        AnswerOddRequests503();
        var services = _h.NewServices();
        services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler(Standard));
        services.AddHttpClient(ClientHarness.ClientName, c => c.BaseAddress = _h.Downstream.BaseUri)
            .AddServiceTokenHandler(o => o.Audience = ClientHarness.Audience);
        var client = _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient(ClientHarness.ClientName);

        var response = await client.PostAsync("/orders", new StringContent("x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(_h.Downstream.Requests);
    }

    [Fact]
    public async Task Standard_resilience_options_under_a_name_of_ones_own_follow_the_service_token_rule()
    {
        AnswerOddRequests503();
        var services = _h.NewServices();
        services.AddOptions<HttpStandardResilienceOptions>("orders-retries").Configure(Standard);
        services.AddHttpClient(ClientHarness.ClientName, c => c.BaseAddress = _h.Downstream.BaseUri)
            .AddServiceTokenHandler(o => o.Audience = ClientHarness.Audience)
            .AddResilienceHandler("orders", (pipeline, context) => pipeline.AddRetry(context.GetOptions<HttpStandardResilienceOptions>("orders-retries").Retry));
        var client = _h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient(ClientHarness.ClientName);

        var response = await client.PostAsync("/orders", new StringContent("x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(_h.Downstream.Requests);
    }
}
