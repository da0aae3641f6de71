using System.Net;
using System.Text.Json;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>
/// A refusal caused by one claim or header names it in the problem details' stable <c>claim</c> member (not only in the
/// prose detail), and never carries the claim's value.
/// </summary>
public sealed class RefusalClaimTests : IClassFixture<ApiFixture>
{
    private readonly TestApi _api;

    public RefusalClaimTests(ApiFixture fixture) => _api = fixture.Api;

    [Theory]
    [InlineData("jti")]
    [InlineData("sub")]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("aud")]
    public async Task Missing_claim_is_named_in_the_claim_member(string claim)
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Without(claim).Build(), _api.UserToken().Build());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ClaimMissing);
        Assert.Equal(claim, problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task Service_token_sent_as_the_user_names_the_type_claim_and_not_its_value()
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), _api.ServiceToken("billing-service").Build());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
        Assert.Equal("type", problem.GetProperty("claim").GetString());
        Assert.DoesNotContain("billing-service", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_not_caused_by_one_claim_has_no_claim_member()
    {
        var token = _api.ServiceToken().Build();
        var tampered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];

        var response = await _api.GetAsync("/whoami", tampered, _api.UserToken().Build());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.SignatureInvalid);
        Assert.False(problem.TryGetProperty("claim", out JsonElement _));
    }
}
