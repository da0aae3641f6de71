using System.Net;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.ApiKeys.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.ApiKeys;

/// <summary>
/// Revoking an API key through <see cref="IRevocationService"/> (issuer <see cref="ServiceAuthDefaults.ApiKeyRevocationIssuer"/>,
/// <c>jti</c> = key id): refused with 401 <c>api_key_revoked</c> on this host and on another host sharing the store,
/// with no call out on the request path; the client's other key is untouched.
/// </summary>
public sealed class ApiKeyRevocationTests : IAsyncLifetime
{
    private static readonly (string Key, string Hash) Old = ApiKeyFactory.Create("acme-old");
    private static readonly (string Key, string Hash) New = ApiKeyFactory.Create("acme-new");
    private readonly InMemoryRevocationStore _store = new();
    private TestIssuer _issuer = null!;
    private ApiKeyApi _first = null!;
    private ApiKeyApi _second = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        ApiKeyClient[] clients = [new ApiKeyClient("acme", "acme-partner", ["price.read"]).WithKey("acme-old", Old.Hash).WithKey("acme-new", New.Hash)];
        _first = await ApiKeyApi.StartAsync(_issuer, clients, services => services.AddSingleton(_store).AddServiceAuth(_ => { }).AddRevocation());
        _second = await ApiKeyApi.StartAsync(_issuer, clients, services => services.AddSingleton(_store).AddServiceAuth(_ => { }).AddRevocation());
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_every_host_sharing_the_store_and_the_other_key_still_works()
    {
        Assert.Equal(HttpStatusCode.OK, (await _first.GetAsync("/partner", Old.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _second.GetAsync("/partner", Old.Key)).StatusCode);

        var revocations = _first.Services.GetRequiredService<IRevocationService>();
        await revocations.RevokeTokenAsync(ServiceAuthDefaults.ApiKeyRevocationIssuer, "acme-old", DateTimeOffset.MaxValue);

        await ProblemAssert.IsProblemAsync(await _first.GetAsync("/partner", Old.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyRevoked);
        await ProblemAssert.IsProblemAsync(await _second.GetAsync("/partner", Old.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyRevoked);
        Assert.Equal(HttpStatusCode.OK, (await _first.GetAsync("/partner", New.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _second.GetAsync("/partner", New.Key)).StatusCode);

        Assert.Contains(_second.Logs.Entries, e => e.EventId.Id == 1764 && e.Values["KeyId"] == "acme-old");
        Assert.Contains(_second.Logs.Entries, e => e.EventId.Id == 1761 && e.Values["ErrorCode"] == AuthErrorCodes.ApiKeyRevoked);
        Assert.DoesNotContain(Old.Key, _first.Logs.AllText() + _second.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_stays_refused_after_the_shared_store_has_forgotten_the_revocation()
    {
        await _store.RevokeTokenAsync(ServiceAuthDefaults.ApiKeyRevocationIssuer, "acme-old", DateTimeOffset.MaxValue);
        await ProblemAssert.IsProblemAsync(await _second.GetAsync("/partner", Old.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyRevoked);

        // The state keeps a revocation for the longest token lifetime (+ skew); past it, this instance still remembers.
        _second.Time.Advance(TimeSpan.FromDays(2));
        _second.Services.GetRequiredService<S2SAuth.Revocation.RevocationState>().Sweep(_second.Time.GetUtcNow().UtcTicks);
        Assert.Equal(0, _second.Services.GetRequiredService<S2SAuth.Revocation.RevocationState>().TokenCount);

        await ProblemAssert.IsProblemAsync(await _second.GetAsync("/partner", Old.Key), HttpStatusCode.Unauthorized, AuthErrorCodes.ApiKeyRevoked);
    }

    [Fact]
    public async Task A_revocation_of_a_token_with_the_same_jti_at_another_issuer_does_not_touch_the_key()
    {
        await _first.Services.GetRequiredService<IRevocationService>().RevokeTokenAsync(_issuer.Issuer, "acme-old", DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Equal(HttpStatusCode.OK, (await _first.GetAsync("/partner", Old.Key)).StatusCode);
    }
}
