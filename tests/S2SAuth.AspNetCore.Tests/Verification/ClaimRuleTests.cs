using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>The SPEC's claim rules (RFC 7519 §4.1, RFC 8725 §3.8-3.12): lifetime, required claims, iss, aud, type, env.</summary>
public sealed class ClaimRuleTests : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan Skew = new ServiceAuthOptions().ClockSkew;
    private readonly TestApi _api;
    private readonly TestIssuer _issuer;

    public ClaimRuleTests(ApiFixture fixture)
    {
        _api = fixture.Api;
        _issuer = fixture.Issuer;
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task Expired_service_token_is_rejected_with_token_expired()
    {
        var token = _api.ServiceToken().Claim("iat", Now - 600).Claim("nbf", Now - 600).Claim("exp", Now - (long)Skew.TotalSeconds - 5).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task Expired_user_token_is_rejected_with_token_expired()
    {
        var token = _api.UserToken().Claim("iat", Now - 600).Claim("nbf", Now - 600).Claim("exp", Now - 120).Build();

        await AssertUserTokenRefusedAsync(token, AuthErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task Token_expired_within_the_clock_skew_is_accepted()
    {
        var token = _api.ServiceToken().Claim("iat", Now - 300).Claim("nbf", Now - 300).Claim("exp", Now - (long)Skew.TotalSeconds + 10).Build();

        var response = await _api.GetAsync("/whoami", token, _api.UserToken().Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Nbf_in_the_future_is_rejected_with_token_not_yet_valid()
    {
        var token = _api.ServiceToken().Claim("nbf", Now + 120).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenNotYetValid);
    }

    [Fact]
    public async Task Nbf_in_the_future_within_the_clock_skew_is_accepted()
    {
        var token = _api.ServiceToken().Claim("nbf", Now + (long)Skew.TotalSeconds - 10).Build();

        var response = await _api.GetAsync("/whoami", token, _api.UserToken().Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Iat_in_the_future_is_rejected_with_token_not_yet_valid()
    {
        var token = _api.ServiceToken().Claim("iat", Now + 120).Claim("exp", Now + 240).Without("nbf").Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenNotYetValid);
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("jti")]
    [InlineData("sub")]
    [InlineData("iss")]
    [InlineData("aud")]
    public async Task Service_token_without_a_required_claim_is_rejected_with_claim_missing(string claim)
    {
        var token = _api.ServiceToken().Without(claim).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.ClaimMissing);
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("jti")]
    [InlineData("sub")]
    [InlineData("iss")]
    [InlineData("aud")]
    public async Task User_token_without_a_required_claim_is_rejected_with_claim_missing(string claim)
    {
        var token = _api.UserToken().Without(claim).Build();

        await AssertUserTokenRefusedAsync(token, AuthErrorCodes.ClaimMissing);
    }

    [Theory]
    [InlineData("jti")]
    [InlineData("sub")]
    public async Task Empty_required_string_claim_is_rejected_with_claim_missing(string claim)
    {
        var token = _api.ServiceToken().Claim(claim, string.Empty).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.ClaimMissing);
    }

    [Fact]
    public async Task Empty_audience_array_is_rejected_with_claim_missing()
    {
        var token = _api.ServiceToken().Claim("aud", Array.Empty<string>()).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.ClaimMissing);
    }

    [Fact]
    public async Task Lifetime_longer_than_MaxTokenLifetime_is_rejected_with_token_lifetime_invalid()
    {
        var max = (long)new ServiceAuthOptions().MaxTokenLifetime.TotalSeconds;
        var token = _api.ServiceToken().Claim("iat", Now).Claim("exp", Now + max + 1).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenLifetimeInvalid);
    }

    [Fact]
    public async Task Exp_equal_to_iat_is_rejected_with_token_lifetime_invalid()
    {
        var now = Now;
        var token = _api.ServiceToken().Claim("iat", now).Claim("exp", now).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenLifetimeInvalid);
    }

    [Fact]
    public async Task Exp_before_iat_is_rejected_with_token_lifetime_invalid()
    {
        var token = _api.ServiceToken().Claim("iat", Now).Claim("exp", Now - 5).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenLifetimeInvalid);
    }

    [Theory]
    [InlineData("nbf", "\"tomorrow\"")]
    [InlineData("exp", "true")]
    [InlineData("nbf", "[1]")]
    public async Task Time_claim_that_is_not_a_number_is_rejected_with_token_malformed(string claim, string json)
    {
        var token = _api.ServiceToken().Claim(claim, System.Text.Json.JsonDocument.Parse(json).RootElement).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Iat_at_the_epoch_cannot_stretch_the_lifetime_and_is_rejected_with_token_lifetime_invalid()
    {
        var token = _api.ServiceToken().Claim("iat", 0).Without("nbf").Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenLifetimeInvalid);
    }

    [Theory]
    [InlineData("iat", "-9223372036854775808")]
    [InlineData("iat", "-1")]
    [InlineData("exp", "9223372036854775807")]
    [InlineData("exp", "253402300800")]
    [InlineData("nbf", "-9223372036854775808")]
    public async Task Time_claim_outside_1970_to_9999_is_rejected_with_token_malformed(string claim, string json)
    {
        var token = _api.ServiceToken().Claim(claim, System.Text.Json.JsonDocument.Parse(json).RootElement).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenMalformed);
    }

    [Theory]
    [InlineData("exp", "1e30")]
    [InlineData("exp", "99999999999999999999999")]
    [InlineData("iat", "-1e300")]
    [InlineData("nbf", "1.7976931348623157e308")]
    public async Task Time_claim_out_of_range_is_refused_with_401_never_a_500(string claim, string json)
    {
        var token = _api.ServiceToken().Claim(claim, System.Text.Json.JsonDocument.Parse(json).RootElement).Build();

        var response = await _api.GetAsync("/whoami", token, _api.UserToken().Build());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Fractional_numeric_dates_are_accepted()
    {
        var token = _api.ServiceToken().Claim("iat", Now - 0.5).Claim("nbf", Now - 0.5).Claim("exp", Now + 60.25).Build();

        var response = await _api.GetAsync("/whoami", token, _api.UserToken().Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://127.0.0.1:1")]
    public async Task Wrong_issuer_is_rejected_with_issuer_invalid(string issuer)
    {
        var token = _api.ServiceToken().Claim("iss", issuer).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.IssuerInvalid);
    }

    [Fact]
    public async Task Issuer_with_a_trailing_slash_is_rejected_with_issuer_invalid()
    {
        var token = _api.ServiceToken().Claim("iss", _issuer.Issuer + "/").Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.IssuerInvalid);
    }

    [Fact]
    public async Task Issuer_in_another_case_is_rejected_with_issuer_invalid()
    {
        var token = _api.ServiceToken().Claim("iss", _issuer.Issuer.Replace("http", "HTTP", StringComparison.Ordinal)).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.IssuerInvalid);
    }

    [Theory]
    [InlineData("billing-service")]
    [InlineData("Pricing-Service")]
    [InlineData("pricing-service/")]
    [InlineData("pricing-service ")]
    [InlineData("urn:pricing-service")]
    public async Task Wrong_audience_is_rejected_with_audience_invalid(string audience)
    {
        var token = _api.ServiceToken().Audience(audience).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AudienceInvalid);
    }

    [Fact]
    public async Task Audience_array_without_ours_is_rejected_with_audience_invalid()
    {
        var token = _api.ServiceToken().Audience("billing-service", "orders-service").Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.AudienceInvalid);
    }

    [Fact]
    public async Task User_token_for_another_audience_is_rejected_with_audience_invalid()
    {
        var token = _api.UserToken().Audience("billing-service").Build();

        await AssertUserTokenRefusedAsync(token, AuthErrorCodes.AudienceInvalid);
    }

    [Fact]
    public async Task Audience_array_containing_ours_is_accepted()
    {
        var token = _api.ServiceToken().Audience("billing-service", TestApi.Audience).Build();

        var response = await _api.GetAsync("/whoami", token, _api.UserToken().Audience(TestApi.Audience, "gateway").Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task URI_audience_is_accepted_when_configured()
    {
        await using var api = await TestApi.StartAsync(_issuer, o => o.Audience = "urn:pricing-service");

        var response = await api.GetAsync("/whoami", api.ServiceToken().Audience("urn:pricing-service").Build(), api.UserToken().Audience("urn:pricing-service").Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Shared_internal_audience_is_accepted_when_configured()
    {
        await using var api = await TestApi.StartAsync(_issuer, o => o.Audiences = ["urn:internal"]);

        var response = await api.GetAsync("/whoami", api.ServiceToken().Audience("urn:internal").Build(), api.UserToken().Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Service_token_with_type_user_is_rejected_with_token_type_invalid()
    {
        var token = _api.ServiceToken().Claim("type", "user").Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenTypeInvalid);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Service")]
    [InlineData("")]
    public async Task Token_whose_type_is_neither_service_nor_user_is_rejected_as_either_with_token_type_unrecognized(string type)
    {
        await AssertServiceTokenRefusedAsync(_api.ServiceToken().Claim("type", type).Build(), AuthErrorCodes.TokenTypeUnrecognized);
        await AssertUserTokenRefusedAsync(_api.UserToken().Claim("type", type).Build(), AuthErrorCodes.TokenTypeUnrecognized);
    }

    [Fact]
    public async Task User_token_sent_as_the_service_token_is_rejected_with_token_type_invalid()
    {
        var response = await _api.GetAsync("/whoami", _api.UserToken().Build(), _api.UserToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Service_token_sent_as_the_user_token_is_rejected_with_token_type_invalid()
    {
        await AssertUserTokenRefusedAsync(_api.ServiceToken("billing-service").Build(), AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Client_credentials_token_without_type_sent_as_the_user_token_is_rejected_with_token_type_invalid()
    {
        var clientCredentials = _issuer.Token().Claim("sub", "billing-service").Claim("client_id", "billing-service").Audience(TestApi.Audience).Build();

        await AssertUserTokenRefusedAsync(clientCredentials, AuthErrorCodes.TokenTypeInvalid);
    }

    [Fact]
    public async Task Token_without_type_whose_sub_is_not_its_client_id_sent_as_the_service_token_is_rejected_with_token_type_invalid()
    {
        var userLike = _issuer.Token().Claim("sub", "user_123").Claim("client_id", "frontend").Audience(TestApi.Audience).Build();

        await AssertServiceTokenRefusedAsync(userLike, AuthErrorCodes.TokenTypeInvalid);
    }

    [Theory]
    [InlineData("""["service"]""")]
    [InlineData("""{"kind":"service"}""")]
    [InlineData("1")]
    public async Task Non_string_type_claim_is_rejected_as_a_user_token_with_token_type_unrecognized(string json)
    {
        var token = _api.UserToken().Claim("type", System.Text.Json.JsonDocument.Parse(json).RootElement).Build();

        await AssertUserTokenRefusedAsync(token, AuthErrorCodes.TokenTypeUnrecognized);
    }

    [Theory]
    [InlineData("""["service"]""")]
    [InlineData("true")]
    public async Task Non_string_type_claim_is_rejected_as_a_service_token_with_token_type_unrecognized(string json)
    {
        var token = _api.ServiceToken().Claim("type", System.Text.Json.JsonDocument.Parse(json).RootElement).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenTypeUnrecognized);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("Prod")]
    [InlineData(null)]
    public async Task Service_token_of_another_environment_is_rejected_with_environment_mismatch(string? env)
    {
        await using var api = await TestApi.StartAsync(_issuer, o => o.Environment = "prod");
        var token = api.ServiceToken().Claim("env", env).Build();

        var response = await api.GetAsync("/whoami", token, api.UserToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.EnvironmentMismatch);
    }

    [Fact]
    public async Task Service_token_of_this_environment_is_accepted()
    {
        await using var api = await TestApi.StartAsync(_issuer, o => o.Environment = "prod");

        var response = await api.GetAsync("/whoami", api.ServiceToken().Claim("env", "prod").Build(), api.UserToken().Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertServiceTokenRefusedAsync(string token, string code)
    {
        var response = await _api.GetAsync("/whoami", token, _api.UserToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, code);
    }

    private async Task AssertUserTokenRefusedAsync(string token, string code)
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, code);
    }
}
