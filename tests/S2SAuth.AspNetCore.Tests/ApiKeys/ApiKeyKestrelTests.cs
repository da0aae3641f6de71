using System.Net;
using System.Net.Http.Json;
using S2SAuth.AspNetCore.Tests.ApiKeys.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ApiKeys;

/// <summary>API keys over real sockets (Kestrel on 127.0.0.1): a valid key passes, a duplicated header (sent as one comma-joined line) and a wrong secret are refused with their codes.</summary>
public sealed class ApiKeyKestrelTests : IAsyncLifetime
{
    private static readonly (string Key, string Hash) Partner = ApiKeyFactory.Create("acme-2026a");
    private TestIssuer _issuer = null!;
    private ApiKeyApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _api = await ApiKeyApi.StartAsync(_issuer, [new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey("acme-2026a", Partner.Hash)], kestrel: true);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task A_key_over_a_real_socket_is_checked_like_in_memory()
    {
        Assert.Equal("127.0.0.1", _api.Client.BaseAddress!.Host);
        var ok = await _api.GetAsync("/partner", Partner.Key);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("ApiKey", (await ok.Content.ReadFromJsonAsync<CallerView>())!.Credential);

        var request = new HttpRequestMessage(HttpMethod.Get, "/partner");
        request.Headers.TryAddWithoutValidation("X-Api-Key", [Partner.Key, Partner.Key]);
        await ProblemAssert.IsProblemAsync(await _api.Client.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyMalformed);

        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/partner", ApiKeyFactory.Create("acme-2026a").Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyInvalid);
        Assert.DoesNotContain(Partner.Key, _api.Logs.AllText(), StringComparison.Ordinal);
    }
}
