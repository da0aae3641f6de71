using System.Net;
using S2SAuth.Client.Tokens;

namespace S2SAuth.Client.Tests.Tokens;

/// <summary>
/// <see cref="IServiceTokenSource"/> is the internal seam behind the token cache (today: client credentials only).
/// Another source (workload identity, a secret store) plugs in by replacing the registration; the cache and the
/// handler stay the same and still fail closed.
/// </summary>
public sealed class TokenSourceTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Token_from_a_registered_source_is_sent_and_the_issuer_is_not_asked()
    {
        var now = _h.Time.GetUtcNow();
        var source = new FixedTokenSource(TokenResult.Success(new CachedToken("eyJ.from-source.sig", now, now.AddMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5))));
        var client = _h.CreateClient(builder: b => b.Services.AddSingleton<IServiceTokenSource>(source));

        var response = await client.GetAsync("/prices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eyJ.from-source.sig", _h.Downstream.Single().Header("X-Service-Token"));
        Assert.Equal([new TokenKey(ClientHarness.Audience, ClientHarness.Scope)], source.Requested);
        Assert.Equal(0, _h.Issuer.TokenRequestCount);
    }

    [Fact]
    public async Task Failure_of_a_registered_source_fails_the_call_and_nothing_is_sent()
    {
        var source = new FixedTokenSource(TokenResult.Failure(ServiceTokenFailureReason.Rejected, "access_denied"));
        var client = _h.CreateClient(builder: b => b.Services.AddSingleton<IServiceTokenSource>(source));

        var e = await Assert.ThrowsAsync<ServiceTokenUnavailableException>(() => client.GetAsync("/prices"));

        Assert.Equal(ServiceTokenFailureReason.Rejected, e.Reason);
        Assert.Equal("access_denied", e.Error);
        Assert.Empty(_h.Downstream.Requests);
        Assert.Single(source.Requested);
    }

    private sealed class FixedTokenSource(TokenResult result) : IServiceTokenSource
    {
        public List<TokenKey> Requested { get; } = [];

        public Task<TokenResult> RequestAsync(TokenKey key, CancellationToken cancellationToken)
        {
            lock (Requested)
            {
                Requested.Add(key);
            }

            return Task.FromResult(result);
        }
    }
}
