using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Benchmarks.Framework;
using S2SAuth.Client.Exchange;
using S2SAuth.Testing;

namespace S2SAuth.Benchmarks.Client;

/// <summary>
/// The cost of one RFC 8693 exchange that misses the cache: the token request over loopback to the in-process
/// <see cref="TestIssuer"/> (which verifies the subject token and signs a new RS256 token), against a client-credentials
/// request to the same issuer. What a user-scoped call pays once per (user token, audience, scopes).
/// </summary>
[MemoryDiagnoser]
public class TokenExchangeBenchmarks
{
    private TestIssuer _issuer = null!;
    private ServiceProvider _provider = null!;
    private TokenExchangeSource _exchange = null!;
    private string _userToken = null!;
    private SubjectToken _subject = null!;
    private HttpClient _tokenClient = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _issuer = await OrdersClientSetup.StartIssuerAsync();
        _provider = OrdersClientSetup.Services(_issuer).BuildServiceProvider();
        _exchange = _provider.GetRequiredService<TokenExchangeSource>();
        _userToken = _issuer.UserToken("user_123", "orders-service", "tenant_789", ["pricing.resolve"]).Build();
        _subject = SubjectToken.Read(_userToken);
        _tokenClient = new HttpClient();
        await ExchangeAsync();
        await ClientCredentialsAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _tokenClient.Dispose();
        await _provider.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "client-credentials token request (loopback issuer)")]
    public async Task<int> ClientCredentialsAsync()
    {
        using var content = OrdersClientSetup.ClientCredentialsForm();
        using var response = await _tokenClient.PostAsync(_issuer.TokenEndpoint, content);
        return (int)response.StatusCode;
    }

    [Benchmark(Description = "token exchange, cache miss (loopback issuer)")]
    public async Task<bool> ExchangeAsync()
    {
        var result = await _exchange.ExchangeAsync(new ExchangeKey(_userToken, "pricing-service", "pricing.resolve"), _subject, CancellationToken.None);
        return result.Token is not null ? true : throw new InvalidOperationException("the exchange failed: " + result);
    }
}
