namespace S2SAuth.Client.Tests.Handlers;

public sealed class CallIdTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Correlation_id_of_the_incoming_context_is_forwarded()
    {
        _h.Context.CorrelationId = "corr-4711";
        var client = _h.CreateClient();

        await client.GetAsync("/a");
        await client.GetAsync("/b");

        Assert.All(_h.Downstream.Requests, r => Assert.Equal("corr-4711", r.Header("X-Correlation-Id")));
    }

    [Fact]
    public async Task Correlation_id_is_created_when_there_is_none()
    {
        var client = _h.CreateClient();

        await client.GetAsync("/a");

        Assert.Matches("^[0-9a-f]{32}$", _h.Downstream.Single().Header("X-Correlation-Id"));
    }

    [Fact]
    public async Task Caller_supplied_correlation_id_wins()
    {
        _h.Context.CorrelationId = "from-context";
        var client = _h.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/a");
        request.Headers.Add("X-Correlation-Id", "from-caller");

        await client.SendAsync(request);

        Assert.Equal("from-caller", _h.Downstream.Single().Header("X-Correlation-Id"));
    }

    [Fact]
    public async Task Context_correlation_id_with_foreign_characters_is_replaced()
    {
        _h.Context.CorrelationId = "bad id\u0007with controls";
        var client = _h.CreateClient();

        await client.GetAsync("/a");

        Assert.Matches("^[0-9a-f]{32}$", _h.Downstream.Single().Header("X-Correlation-Id"));
    }

    [Fact]
    public async Task Every_call_gets_a_new_request_id()
    {
        var client = _h.CreateClient();

        await client.GetAsync("/a");
        await client.GetAsync("/b");

        var ids = _h.Downstream.Requests.Select(r => r.Header("X-Request-Id")).ToArray();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task State_changing_calls_get_an_idempotency_key(string method)
    {
        var client = _h.CreateClient();

        await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/orders/1") { Content = new StringContent("{}") });

        Assert.Matches("^[0-9a-f]{32}$", _h.Downstream.Single().Header("Idempotency-Key"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    public async Task Safe_calls_get_no_idempotency_key(string method)
    {
        var client = _h.CreateClient();

        await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/orders/1"));

        Assert.Null(_h.Downstream.Single().Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Each_logical_call_gets_its_own_idempotency_key_and_a_caller_supplied_one_wins()
    {
        var client = _h.CreateClient();
        using var own = new HttpRequestMessage(HttpMethod.Post, "/orders/3");
        own.Headers.Add("Idempotency-Key", "order-3-confirm");

        await client.PostAsync("/orders/1", new StringContent("{}"));
        await client.PostAsync("/orders/2", new StringContent("{}"));
        await client.SendAsync(own);

        var keys = _h.Downstream.Requests.Select(r => r.Header("Idempotency-Key")).ToArray();
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal("order-3-confirm", keys[2]);
    }
}
