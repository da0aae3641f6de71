using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>
/// RFC 7519 §4.1.4/§4.1.5: a token is refused on or after <c>exp</c> and before <c>nbf</c>, to the instant (plus the
/// configured skew), not to the second; a cached verification stops at the same instant.
/// </summary>
public sealed class ExactLifetimeTests
{
    public static TheoryData<bool> FreshAndCached() => new() { false, true };

    public static TheoryData<int, bool> AtOrAfterExp() => new()
    {
        { 0, false }, { 1, false }, { 999, false },
        { 0, true }, { 1, true }, { 999, true },
    };

    [Theory]
    [MemberData(nameof(FreshAndCached))]
    public async Task Token_is_accepted_one_millisecond_before_exp_with_zero_skew(bool cached)
    {
        await using var env = await FakeClockApi.StartAsync(o => o.ClockSkew = TimeSpan.Zero);
        var (service, user, exp) = Tokens(env);
        await VerifyFirstIfCached(env, cached, service, user);

        MoveTo(env, exp - TimeSpan.FromMilliseconds(1));

        Assert.Equal(HttpStatusCode.OK, (await env.Api.GetAsync("/whoami", service, user)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(AtOrAfterExp))]
    public async Task Token_is_refused_with_token_expired_from_the_instant_of_exp_with_zero_skew(int millisecondsAfterExp, bool cached)
    {
        await using var env = await FakeClockApi.StartAsync(o => o.ClockSkew = TimeSpan.Zero);
        var (service, user, exp) = Tokens(env);
        await VerifyFirstIfCached(env, cached, service, user);

        MoveTo(env, exp + TimeSpan.FromMilliseconds(millisecondsAfterExp));

        await ProblemAssert.IsProblemAsync(await env.Api.GetAsync("/whoami", service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired);
    }

    [Theory]
    [MemberData(nameof(FreshAndCached))]
    public async Task Token_is_refused_with_token_expired_from_exp_plus_the_clock_skew_exactly(bool cached)
    {
        await using var env = await FakeClockApi.StartAsync(o => o.ClockSkew = TimeSpan.FromSeconds(30));
        var (service, user, exp) = Tokens(env);
        await VerifyFirstIfCached(env, cached, service, user);

        MoveTo(env, exp + TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await env.Api.GetAsync("/whoami", service, user)).StatusCode);

        MoveTo(env, exp + TimeSpan.FromSeconds(30));
        await ProblemAssert.IsProblemAsync(await env.Api.GetAsync("/whoami", service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task Token_is_refused_with_token_not_yet_valid_until_the_instant_of_nbf_with_zero_skew()
    {
        await using var env = await FakeClockApi.StartAsync(o => o.ClockSkew = TimeSpan.Zero);
        var nbf = env.Time.GetUtcNow().ToUnixTimeSeconds() + 60;
        var service = env.Api.ServiceToken().Claim("nbf", nbf).Build();
        var user = env.Api.UserToken().Build();

        MoveTo(env, DateTimeOffset.FromUnixTimeSeconds(nbf) - TimeSpan.FromMilliseconds(1));
        await ProblemAssert.IsProblemAsync(await env.Api.GetAsync("/whoami", service, user), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenNotYetValid);

        MoveTo(env, DateTimeOffset.FromUnixTimeSeconds(nbf));
        Assert.Equal(HttpStatusCode.OK, (await env.Api.GetAsync("/whoami", service, user)).StatusCode);
    }

    /// <summary>A service token expiring in two minutes (a whole second, as NumericDate is), and a longer-lived user token.</summary>
    private static (string Service, string User, DateTimeOffset Exp) Tokens(FakeClockApi env)
    {
        var exp = env.Time.GetUtcNow().ToUnixTimeSeconds() + 120;
        return (env.Api.ServiceToken().Claim("exp", exp).Build(), env.Api.UserToken().Build(), DateTimeOffset.FromUnixTimeSeconds(exp));
    }

    private static async Task VerifyFirstIfCached(FakeClockApi env, bool cached, string service, string user)
    {
        if (cached)
        {
            Assert.Equal(HttpStatusCode.OK, (await env.Api.GetAsync("/whoami", service, user)).StatusCode);
        }
    }

    private static void MoveTo(FakeClockApi env, DateTimeOffset instant) => env.Time.Advance(instant - env.Time.GetUtcNow());
}
