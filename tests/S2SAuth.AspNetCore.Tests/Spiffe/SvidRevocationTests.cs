using System.Net;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Caching.Framework;

namespace S2SAuth.AspNetCore.Tests.Spiffe;

/// <summary>
/// A JWT-SVID goes through revocation and the per-request token checks like any service token, cached or not: its
/// issuer is <c>spiffe://&lt;trust domain&gt;</c>, its subject the SPIFFE ID, its token id the <c>jti</c>.
/// </summary>
public sealed class SvidRevocationTests
{
    private readonly SvidKey _key = SvidKey.EcP256("prod-1");
    private readonly SvidKey _staging = SvidKey.EcP256("staging-1");

    [Fact]
    public async Task Cached_svid_revoked_by_its_trust_domain_and_jti_is_refused_401_token_revoked()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _key), SvidEnvironment.Bundle(1, _staging),
            services: s => s.AddServiceAuth(_ => { }).AddRevocation());
        var token = env.Svid(_key).Claim("jti", "svid-revoked").Build();
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(token)).StatusCode);

        await env.Api.App.Services.GetRequiredService<IRevocationService>().RevokeTokenAsync("spiffe://prod.example.org", "svid-revoked", DateTimeOffset.UtcNow.AddMinutes(10));

        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
    }

    [Fact]
    public async Task Svid_whose_spiffe_id_is_cut_off_is_refused_401_token_revoked_whether_or_not_it_has_an_iat()
    {
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _key), SvidEnvironment.Bundle(1, _staging),
            services: s => s.AddServiceAuth(_ => { }).AddRevocation());
        var withIat = env.Svid(_key).Build();
        var withoutIat = env.Svid(_key).Without("iat").ExpiresIn(TimeSpan.FromMinutes(5)).Build();
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(withIat)).StatusCode);

        await env.Api.App.Services.GetRequiredService<IRevocationService>()
            .CutOffSubjectAsync("spiffe://prod.example.org", "spiffe://prod.example.org/ns/shop/sa/orders-service", DateTimeOffset.UtcNow.AddSeconds(1));

        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(withIat), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(withoutIat), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
    }

    [Fact]
    public async Task Token_checks_see_every_svid_request_cache_hits_included()
    {
        var denylist = new Denylist();
        await using var env = await SvidEnvironment.StartAsync(SvidEnvironment.Bundle(1, _key), SvidEnvironment.Bundle(1, _staging),
            services: s => s.AddSingleton<ITokenCheck>(denylist));
        var token = env.Svid(_key).Claim("jti", "svid-denied").Build();
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await env.ConfirmAsync(token)).StatusCode);

        denylist.Revoke("svid-denied");

        await ProblemAssert.IsProblemAsync(await env.ConfirmAsync(token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenInvalid);
        Assert.Equal(3, denylist.Checks);
    }
}
