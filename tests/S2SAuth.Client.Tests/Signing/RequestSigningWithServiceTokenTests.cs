using System.Net;
using System.Text;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Tests.Signing;

/// <summary>
/// A client with both the service-token handler and request signing (and a standard resilience handler), registered in
/// every order: signing runs last, so it covers the per-attempt headers the token handler sets, and each attempt is
/// signed afresh. Over real Kestrel with a real issuer.
/// </summary>
public sealed class RequestSigningWithServiceTokenTests : IAsyncLifetime
{
    private readonly TestSigningKeys _keys = new();
    private ClientHarness _h = null!;
    private SigningServer _server = null!;

    public async Task InitializeAsync()
    {
        _h = await ClientHarness.StartAsync();
        _server = await SigningServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _h.DisposeAsync();
        _keys.Dispose();
    }

    private (HttpClient Client, SignatureKey Verifier) Client(int order)
    {
        var (material, verifier) = TestSigningKeys.Create(SignatureAlgorithms.Ed25519);
        var services = _h.NewServices(_keys.Settings(SignatureAlgorithms.Ed25519, material));
        var builder = services.AddHttpClient(ClientHarness.ClientName, c => c.BaseAddress = _server.BaseUri);
        Action<RequestSigningOptions> components = o => o.Components = ["@method", "@authority", "@path", "@query", "x-service-token", "x-request-id", "idempotency-key"];
        Action[] steps =
        [
            () => builder.AddRequestSigning(components),
            () => builder.AddServiceTokenHandler(o =>
            {
                o.Audience = ClientHarness.Audience;
                o.RetryWithIdempotencyKey = true;
            }),
            () => builder.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero),
        ];
        int[][] orders = [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]];
        foreach (var step in orders[order])
        {
            steps[step]();
        }

        return (_h.Build(services).GetRequiredService<IHttpClientFactory>().CreateClient(ClientHarness.ClientName), verifier);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Signing_runs_last_whatever_the_order_and_each_retried_attempt_verifies_with_its_own_request_id_and_nonce(int order)
    {
        _server.Respond = n => n == 1 ? 503 : 200;
        var (client, verifier) = Client(order);
        using var _ = verifier;

        var response = await client.PostAsync("/orders", new StringContent("{\"qty\":1}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = _server.Requests.ToArray();
        Assert.Equal(2, attempts.Length);
        var results = attempts.Select(a => a.Verify(verifier, _h.Time, required: ["x-service-token", "x-request-id", "content-digest"])).ToArray();
        Assert.All(results, r => Assert.Equal(SignatureFailure.None, r.Failure));
        Assert.All(attempts, a => Assert.Equal(SignatureFailure.None, a.VerifyDigest()));
        Assert.NotEqual(results[0].Parameters!.Nonce, results[1].Parameters!.Nonce);
        Assert.NotEqual(attempts[0].Header("X-Request-Id"), attempts[1].Header("X-Request-Id"));
        Assert.All(attempts, a => Assert.Equal(_h.Issuer.IssuedAccessTokens.Single(), a.Header("X-Service-Token")));
    }
}
