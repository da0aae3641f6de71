using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>Where tokens come from: one of each header, never two candidates for the same identity.</summary>
public sealed class RequestHeaderTests : IClassFixture<ApiFixture>
{
    private readonly TestApi _api;

    public RequestHeaderTests(ApiFixture fixture) => _api = fixture.Api;

    [Fact]
    public async Task Two_Authorization_headers_are_rejected_with_multiple_tokens()
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), configure: r =>
            r.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + _api.UserToken().Build(), "Bearer " + _api.UserToken("user_999").Build()]));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.MultipleTokens);
    }

    [Fact]
    public async Task Two_X_Service_Token_headers_are_rejected_with_multiple_tokens()
    {
        var response = await _api.GetAsync("/whoami", userToken: _api.UserToken().Build(), configure: r =>
            r.Headers.TryAddWithoutValidation("X-Service-Token", [_api.ServiceToken().Build(), _api.ServiceToken("admin-service").Build()]));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.MultipleTokens);
    }

    [Fact]
    public async Task Two_X_User_Token_headers_are_rejected_with_multiple_tokens()
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), configure: r =>
            r.Headers.TryAddWithoutValidation("X-User-Token", [_api.UserToken().Build(), _api.UserToken("user_999").Build()]));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.MultipleTokens);
    }

    [Fact]
    public async Task Bearer_and_X_User_Token_together_are_rejected_with_multiple_tokens()
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), _api.UserToken().Build(), r =>
            r.Headers.TryAddWithoutValidation("X-User-Token", _api.UserToken("user_999").Build()));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.MultipleTokens);
    }

    [Fact]
    public async Task Valid_service_token_with_an_expired_user_token_answers_with_the_users_code()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expiredUser = _api.UserToken().Claim("iat", now - 600).Claim("exp", now - 300).Build();

        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), expiredUser);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task Valid_service_token_with_a_forged_user_token_answers_with_the_users_code()
    {
        var user = _api.UserToken().Build();
        var forged = Jws.WithPayload(user, Jws.Decode(user, 1).Replace("tenant_789", "tenant_000", StringComparison.Ordinal));

        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), forged);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Invalid_user_token_fails_a_service_only_endpoint_too()
    {
        var response = await _api.GetAsync("/system", _api.ServiceToken().Build(), "garbage");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Invalid_service_token_fails_a_user_endpoint_too()
    {
        var response = await _api.GetAsync("/gateway", "garbage", _api.UserToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Missing_user_token_on_a_user_scoped_endpoint_is_rejected_with_user_token_missing()
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.UserTokenMissing);
    }

    [Fact]
    public async Task Missing_service_token_on_a_user_scoped_endpoint_is_rejected_with_service_token_missing()
    {
        var response = await _api.GetAsync("/whoami", userToken: _api.UserToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
    }

    [Fact]
    public async Task Basic_credentials_are_not_taken_as_a_user_token()
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), configure: r =>
            r.Headers.TryAddWithoutValidation("Authorization", "Basic " + _api.UserToken().Build()));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.UserTokenMissing);
    }
}
