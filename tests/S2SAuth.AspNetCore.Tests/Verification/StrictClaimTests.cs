using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using S2SAuth.AspNetCore.Tests.Framework;

namespace S2SAuth.AspNetCore.Tests.Verification;

/// <summary>
/// The strict pre-check (Verification/StrictJws) through the real pipeline: tokens signed by the issuer's own key whose
/// only fault is a spelling RFC 7515/7519/8725 does not allow are refused 401 <c>token_malformed</c>, the detail naming the
/// member, never its value; the legal spellings still pass.
/// </summary>
public sealed class StrictClaimTests : IClassFixture<ApiFixture>
{
    private readonly TestApi _api;

    public StrictClaimTests(ApiFixture fixture) => _api = fixture.Api;

    private string Valid => _api.ServiceToken().Build();

    private string Header => Jws.Decode(Valid, 0);

    private string Payload => Jws.Decode(Valid, 1);

    [Fact]
    public async Task Baseline_resigned_token_is_accepted()
    {
        var response = await _api.GetAsync("/system", Sign(Header, Payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Padded_segment_is_refused(int segment)
    {
        var (header, payload) = (PadToRemainder(Header, segment == 0), PadToRemainder(Payload, segment == 1));
        var h = Jws.Encode(header) + (segment == 0 ? "==" : string.Empty);
        var p = Jws.Encode(payload) + (segment == 1 ? "==" : string.Empty);

        await AssertMalformedAsync(SignedJws.Sign(_api.Issuer.CurrentKey, h, p));
    }

    [Fact]
    public async Task Padded_signature_is_refused()
    {
        var token = Valid;
        var signature = token.Split('.')[2];

        await AssertMalformedAsync(token + (signature.Length % 4 == 0 ? "=" : new string('=', 4 - (signature.Length % 4))));
    }

    [Theory]
    [InlineData('+')]
    [InlineData('/')]
    [InlineData('~')]
    [InlineData(' ')]
    public async Task Payload_with_a_character_outside_base64url_is_refused(char bad)
    {
        var p = Jws.Encode(Payload);
        p = p[..10] + bad + p[11..];

        await AssertMalformedAsync(SignedJws.Sign(_api.Issuer.CurrentKey, Jws.Encode(Header), p));
    }

    [Fact]
    public async Task Payload_of_a_length_of_1_mod_4_is_refused()
    {
        var p = Jws.Encode(PadToRemainder(Payload, true));
        p += p.Length % 4 == 2 ? "AAA" : p.Length % 4 == 3 ? "AA" : "A";

        await AssertMalformedAsync(SignedJws.Sign(_api.Issuer.CurrentKey, Jws.Encode(Header), p));
    }

    [Fact]
    public async Task Payload_with_non_zero_trailing_bits_is_refused()
    {
        // Same bytes, second spelling: the unused low bits of the last character set.
        var p = Jws.Encode(PadToRemainder(Payload, true));
        Assert.NotEqual(0, p.Length % 4);
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        p = p[..^1] + alphabet[alphabet.IndexOf(p[^1], StringComparison.Ordinal) + 1];

        await AssertMalformedAsync(SignedJws.Sign(_api.Issuer.CurrentKey, Jws.Encode(Header), p));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Segment_with_a_byte_order_mark_is_refused(int segment)
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        var h = segment == 0 ? SignedJws.Encode([.. bom, .. Encoding.UTF8.GetBytes(Header)]) : Jws.Encode(Header);
        var p = segment == 1 ? SignedJws.Encode([.. bom, .. Encoding.UTF8.GetBytes(Payload)]) : Jws.Encode(Payload);

        await AssertMalformedAsync(SignedJws.Sign(_api.Issuer.CurrentKey, h, p));
    }

    [Fact]
    public async Task Payload_that_is_not_UTF8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Payload.Replace("\"jti\":\"", "\"jti\":\"\u00ff", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at] = 0xFF; // an invalid UTF-8 lead byte inside a string value

        await AssertMalformedAsync(SignedJws.Sign(_api.Issuer.CurrentKey, Jws.Encode(Header), SignedJws.Encode(bytes)));
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("iss")]
    [InlineData("sub")]
    public async Task Duplicated_payload_claim_is_refused(string claim)
    {
        var json = JsonNode.Parse(Payload)!.AsObject();
        var again = json[claim]!.ToJsonString();
        var payload = "{\"" + claim + "\":" + again + "," + Payload[1..];

        await AssertMalformedAsync(Sign(Header, payload));
    }

    [Fact]
    public async Task Duplicate_spelled_with_an_escape_is_refused()
    {
        await AssertMalformedAsync(Sign(Header, "{\"\\u0065xp\":1," + Payload[1..]));
    }

    [Fact]
    public async Task Duplicate_member_nested_in_a_claim_is_refused()
    {
        await AssertMalformedAsync(Sign(Header, Payload[..^1] + ",\"ext\":{\"a\":[{\"b\":1,\"b\":2}]}}"));
    }

    [Fact]
    public async Task Duplicated_header_member_is_refused()
    {
        await AssertMalformedAsync(Sign("{\"typ\":\"JWT\"," + Header[1..], Payload));
    }

    [Fact]
    public async Task Nesting_deeper_than_64_is_refused()
    {
        // The root object is depth 1: 64 arrays inside it make 65.
        await AssertMalformedAsync(Sign(Header, Payload[..^1] + ",\"deep\":" + new string('[', 64) + new string(']', 64) + "}"));
    }

    [Fact]
    public async Task Nesting_of_64_is_accepted()
    {
        var response = await _api.GetAsync("/system", Sign(Header, Payload[..^1] + ",\"deep\":" + new string('[', 63) + new string(']', 63) + "}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("nbf")]
    public async Task NumericDate_as_a_string_is_refused(string claim)
    {
        var json = JsonNode.Parse(Payload)!.AsObject();
        json[claim] = json[claim]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);

        await AssertMalformedAsync(Sign(Header, json.ToJsonString()), claim);
    }

    [Theory]
    [InlineData("exp", ".5")]
    [InlineData("exp", ".0")]
    [InlineData("iat", ".25")]
    [InlineData("nbf", ".0")]
    public async Task NumericDate_with_a_fraction_is_a_number_and_accepted(string claim, string suffix)
    {
        var json = JsonNode.Parse(Payload)!.AsObject();
        var value = json[claim]!.GetValue<long>();
        var payload = json.ToJsonString().Replace($"\"{claim}\":{value}", $"\"{claim}\":{value}{suffix}", StringComparison.Ordinal);

        await AssertAcceptedAsync(Sign(Header, payload));
    }

    [Theory]
    [InlineData("iss", "1")]
    [InlineData("sub", "true")]
    [InlineData("jti", "{\"a\":\"b\"}")]
    [InlineData("iss", "null")]
    [InlineData("aud", "5")]
    [InlineData("aud", "[\"pricing-service\",1]")]
    [InlineData("aud", "{\"aud\":\"pricing-service\"}")]
    public async Task StringOrURI_claim_of_another_type_is_refused(string claim, string value)
    {
        var json = JsonNode.Parse(Payload)!.AsObject();
        json[claim] = JsonNode.Parse(value);

        await AssertMalformedAsync(Sign(Header, json.ToJsonString()), claim);
    }

    [Theory]
    [InlineData("alg", "[\"RS256\"]")]
    [InlineData("kid", "1")]
    [InlineData("typ", "null")]
    [InlineData("crit", "\"exp\"")]
    [InlineData("crit", "[1]")]
    public async Task Header_member_of_another_type_is_refused(string member, string value)
    {
        var json = JsonNode.Parse(Header)!.AsObject();
        json[member] = JsonNode.Parse(value);

        await AssertMalformedAsync(Sign(json.ToJsonString(), Payload), member);
    }

    [Fact]
    public async Task Audience_array_naming_this_service_is_accepted()
    {
        var token = _api.ServiceToken().Audience("other-service", TestApi.Audience).Build();

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/system", token)).StatusCode);
    }

    [Fact]
    public async Task Empty_audience_array_passes_the_strict_check_and_is_refused_as_claim_missing()
    {
        var json = JsonNode.Parse(Payload)!.AsObject();
        json["aud"] = new JsonArray();

        var response = await _api.GetAsync("/system", Sign(Header, json.ToJsonString()));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.ClaimMissing);
    }

    [Fact]
    public async Task Refusal_names_the_claim_and_never_its_value()
    {
        var json = JsonNode.Parse(Payload)!.AsObject();
        json["sub"] = 424242424242;

        var response = await _api.GetAsync("/system", Sign(Header, json.ToJsonString()));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);
        Assert.Contains("'sub'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("424242424242", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("424242424242", _api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" \t", "\t ")]
    [InlineData("  ", "")]
    public async Task Token_header_with_SP_or_HTAB_around_the_token_is_accepted(string before, string after)
    {
        var response = await _api.GetAsync("/system", before + Valid + after);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("", "\u00a0")]
    [InlineData("\u2003", "")]
    [InlineData("", "\u3000")]
    public async Task Token_header_with_other_whitespace_is_not_trimmed_and_is_refused(string before, string after)
    {
        var response = await _api.GetAsync("/system", before + Valid + after);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);
    }

    private string Sign(string header, string payload) => SignedJws.Resign(_api.Issuer.CurrentKey, header, payload);

    /// <summary>The JSON with spaces added at its end until its base64url length is not a multiple of 4 (when <paramref name="apply"/>).</summary>
    private static string PadToRemainder(string json, bool apply)
    {
        while (apply && Jws.Encode(json).Length % 4 == 0)
        {
            json += " ";
        }

        return json;
    }

    private async Task AssertAcceptedAsync(string token)
    {
        var response = await _api.GetAsync("/system", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertMalformedAsync(string token, string? member = null)
    {
        var response = await _api.GetAsync("/system", token);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenMalformed);
        if (member is not null)
        {
            Assert.Contains($"'{member}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
