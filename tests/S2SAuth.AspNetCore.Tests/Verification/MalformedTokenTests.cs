using System.Net;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>Strings that are not a compact JWS (RFC 7515 §7.1, RFC 7519 §7.2) are refused as malformed, never a 500.</summary>
public sealed class MalformedTokenTests : IClassFixture<ApiFixture>
{
    private readonly TestApi _api;

    public MalformedTokenTests(ApiFixture fixture) => _api = fixture.Api;

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("..")]
    [InlineData("....")]
    [InlineData("eyJ")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9")]
    [InlineData("null")]
    [InlineData("{\"alg\":\"RS256\"}.{}.x")]
    [InlineData("é.é.é")]
    [InlineData("%00.%00.%00")]
    public async Task Garbage_string_is_rejected_with_token_malformed(string garbage)
    {
        await AssertServiceTokenRefusedAsync(garbage, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Truncated_token_is_rejected_with_token_malformed()
    {
        var valid = _api.ServiceToken().Build();
        var truncated = valid[..(valid.IndexOf('.', StringComparison.Ordinal) + 20)];

        await AssertServiceTokenRefusedAsync(truncated, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Token_truncated_inside_its_signature_is_rejected_with_signature_invalid()
    {
        var valid = _api.ServiceToken().Build();

        await AssertServiceTokenRefusedAsync(valid[..^10], AuthErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Two_segment_token_is_rejected_with_token_malformed()
    {
        var parts = _api.ServiceToken().Build().Split('.');

        await AssertServiceTokenRefusedAsync(parts[0] + "." + parts[1], AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Four_segment_token_is_rejected_with_token_malformed()
    {
        await AssertServiceTokenRefusedAsync(_api.ServiceToken().Build() + ".x", AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Five_segment_JWE_shaped_token_is_rejected_with_token_malformed()
    {
        var header = Jws.Encode("""{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"key-1","typ":"JWT"}""");
        var jwe = $"{header}.{Jws.Encode("key")}.{Jws.Encode("iv-iv-iv-iv")}.{Jws.Encode("ciphertext")}.{Jws.Encode("tag-tag-tag-tag")}";

        await AssertServiceTokenRefusedAsync(jwe, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Five_segment_token_made_of_a_valid_JWS_is_rejected_with_token_malformed()
    {
        var valid = _api.ServiceToken().Build();

        await AssertServiceTokenRefusedAsync(valid + ".a.b", AuthErrorCodes.TokenMalformed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Segment_that_is_not_base64url_is_rejected_with_token_malformed(int segment)
    {
        var token = Jws.WithSegment(_api.ServiceToken().Build(), segment, "!!not+base64/url==");

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Signature_that_is_not_base64url_is_rejected_with_token_malformed()
    {
        // RFC 7515 §7.1: the signature segment is BASE64URL too; the strict pre-check (StrictJws) refuses it before any key is used.
        var token = Jws.WithSegment(_api.ServiceToken().Build(), 2, "!!not+base64/url==");

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenMalformed);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[\"RS256\"]")]
    [InlineData("\"RS256\"")]
    [InlineData("{\"alg\":\"RS256\"")]
    [InlineData("{\"alg\":[\"RS256\"],\"kid\":\"key-1\"}")]
    public async Task Header_that_is_not_a_JSON_object_is_rejected_with_token_malformed(string header)
    {
        var token = Jws.WithHeader(_api.ServiceToken().Build(), header);

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenMalformed);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"sub\":\"x\"")]
    public async Task Payload_that_is_not_a_JSON_object_is_rejected_with_token_malformed(string payload)
    {
        var token = Jws.WithPayload(_api.ServiceToken().Build(), payload);

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Deeply_nested_payload_is_rejected_with_token_malformed()
    {
        var nested = new string('[', 200) + new string(']', 200);
        var token = Jws.WithPayload(_api.ServiceToken().Build(), "{\"sub\":\"x\",\"deep\":" + nested + "}");

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenMalformed);
    }

    [Theory]
    [InlineData("{\"alg\":null,\"kid\":\"key-1\"}")]
    [InlineData("{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"key-1\"}")]
    [InlineData("{}")]
    public async Task Header_with_a_missing_null_or_duplicated_alg_is_refused_with_401(string header)
    {
        var token = Jws.WithHeader(_api.ServiceToken().Build(), header);

        var response = await _api.GetAsync("/whoami", token, _api.UserToken().Build());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_longer_than_MaxTokenLength_is_rejected_with_token_too_large()
    {
        var token = _api.ServiceToken().Claim("padding", new string('a', new ServiceAuthOptions().MaxTokenLength)).Build();

        await AssertServiceTokenRefusedAsync(token, AuthErrorCodes.TokenTooLarge);
    }

    [Fact]
    public async Task Oversized_garbage_is_rejected_with_token_too_large()
    {
        await AssertServiceTokenRefusedAsync(new string('.', 100_000), AuthErrorCodes.TokenTooLarge);
    }

    [Fact]
    public async Task Whitespace_service_token_is_rejected_with_token_malformed()
    {
        await AssertServiceTokenRefusedAsync("   ", AuthErrorCodes.TokenMalformed);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer     ")]
    public async Task Empty_bearer_token_is_rejected_with_token_malformed(string authorization)
    {
        var response = await _api.GetAsync("/whoami", _api.ServiceToken().Build(), configure: r => r.Headers.TryAddWithoutValidation("Authorization", authorization));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);
    }

    [Fact]
    public async Task Service_token_with_a_Bearer_prefix_is_rejected_with_token_malformed()
    {
        await AssertServiceTokenRefusedAsync("Bearer " + _api.ServiceToken().Build(), AuthErrorCodes.TokenMalformed);
    }

    private async Task AssertServiceTokenRefusedAsync(string token, string code)
    {
        var response = await _api.GetAsync("/whoami", token, _api.UserToken().Build());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, code);
    }
}
