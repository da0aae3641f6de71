using System.Net;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Caching;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Revocation;

/// <summary>
/// Revocation on the request path with the in-memory store: a revoked token is refused with 401 <c>token_revoked</c>
/// on a verified-token cache hit as on a first sight, is not (or no longer) cached, is logged without its text, and a
/// subject cut-off stops a service's existing tokens but not the ones it gets afterwards.
/// </summary>
public sealed class RevocationRequestTests : IAsyncLifetime
{
    private TestIssuer _issuer = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _api = await TestApi.StartAsync(_issuer, services: s => s.AddServiceAuth(_ => { }).AddRevocation());
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private IRevocationService Revocations => _api.App.Services.GetRequiredService<IRevocationService>();

    private bool Cached(string token) => _api.App.Services.GetRequiredService<VerifiedTokenCache>().Entries.Any(e => e.Token == token);

    [Fact]
    public async Task A_revoked_service_token_is_refused_on_a_cache_hit_with_token_revoked_and_dropped_from_the_cache()
    {
        var jti = Guid.NewGuid().ToString("N");
        var service = _api.ServiceToken().Claim("jti", jti).Build();
        var user = _api.UserToken().Build();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/whoami", service, user)).StatusCode);
        Assert.True(Cached(service));

        await Revocations.RevokeTokenAsync(_issuer.Issuer, jti, DateTimeOffset.UtcNow.AddMinutes(5));
        var refused = await _api.GetAsync("/whoami", service, user);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal("jti", problem.GetProperty("claim").GetString());
        Assert.False(Cached(service), "a revoked token does not stay in the verified-token cache");

        // Again, now on a full verification: still refused, and not cached as valid.
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/whoami", service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.False(Cached(service));

        // Another token of the same service is untouched.
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/whoami", _api.ServiceToken().Build(), user)).StatusCode);

        var logs = _api.Logs.Entries.ToList();
        Assert.Contains(logs, e => e.EventId.Id == 1301 && e.Values["TokenId"] == jti);
        Assert.Contains(logs, e => e.EventId.Id == 1303 && e.Values["TokenId"] == jti && e.Values["TokenKind"] == "Service");
        Assert.Contains(logs, e => e.EventId.Id == 1101 && e.Values["ErrorCode"] == AuthErrorCodes.TokenRevoked);
        Assert.DoesNotContain(service, _api.Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(service.Split('.')[2], _api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_user_token_is_refused_and_the_service_token_still_works()
    {
        var jti = Guid.NewGuid().ToString("N");
        var service = _api.ServiceToken().Build();
        var user = _api.UserToken().Claim("jti", jti).Build();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/whoami", service, user)).StatusCode);

        await Revocations.RevokeTokenAsync(_issuer.Issuer, jti, DateTimeOffset.UtcNow.AddMinutes(5));

        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/whoami", service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", service)).StatusCode);
    }

    [Fact]
    public async Task A_cut_off_service_account_has_its_existing_tokens_refused_and_a_token_issued_after_the_cut_off_accepted()
    {
        var now = DateTimeOffset.UtcNow;
        var issuedBefore = _api.ServiceToken("orders-service").Claim("iat", now.AddSeconds(-10).ToUnixTimeSeconds()).Build();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", issuedBefore)).StatusCode);

        var cutOff = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        await Revocations.CutOffSubjectAsync(_issuer.Issuer, "orders-service", cutOff);

        var refused = await _api.GetAsync("/system", issuedBefore);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal("iat", problem.GetProperty("claim").GetString());

        var issuedAtCutOff = _api.ServiceToken("orders-service").Claim("iat", cutOff.ToUnixTimeSeconds()).Build();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", issuedAtCutOff)).StatusCode);
        var otherService = _api.ServiceToken("billing-service").Claim("iat", now.AddSeconds(-10).ToUnixTimeSeconds()).Build();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", otherService)).StatusCode);
    }
}
