using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Webhooks;
using static S2SAuth.AspNetCore.Tests.Webhooks.StandardWebhooksSchemeTests;

namespace S2SAuth.AspNetCore.Tests.Webhooks;

/// <summary>
/// The GitHub, Stripe and generic HMAC schemes: GitHub's documented example, fixed vectors computed independently
/// (Python's hmac module), several v1 entries, tolerance edges, tampered bodies and malformed headers.
/// </summary>
public sealed class ProviderSchemesTests
{
    // GitHub's documented test values: https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries
    // ("Testing the webhook payload validation"). Values only.
    private const string GitHubSecret = "It's a Secret to Everybody";
    private const string GitHubPayload = "Hello, World!";
    private const string GitHubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    // Stripe publishes no fixed vector; this one was computed outside .NET:
    // python3 -c "hmac.new(b'whsec_test_secret', b'1700000000.' + body, sha256).hexdigest()".
    private const string StripeSecret = "whsec_test_secret";
    private const long StripeTimestamp = 1700000000;
    private const string StripePayload = "{\"id\":\"evt_test\",\"object\":\"event\"}";
    private const string StripeV1 = "8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724";
    private const string OtherHex = "aa179c5358b80a557a960137a85279caa13b06a05390816b533c3c146127bbe0";

    // Generic HMAC, same body, key "generic-secret" (Python's hmac): over "1700000000.{body}" as hex, over the body as base64.
    private const string GenericTimestampedHex = "3a933591184b16616ed119ae2a176abcd1f6efe95a14a759aa27ea0b0d68bcc4";
    private const string GenericBodyBase64 = "pQhw4VuBXMie2mBaVZGufplkJba65O8TKTmdui4lSSY=";

    private static WebhookSignatureVerifier Verifier(IWebhookSignatureScheme scheme, TimeProvider time, params string[] secrets)
    {
        Assert.True(WebhookSignatureVerifier.TryCreate(scheme, secrets, time, out var verifier, out var error), error);
        return verifier!;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // GitHub

    private static HeaderDictionary GitHubHeaders(string signature, string delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958") => new()
    {
        [GitHubScheme.SignatureHeader] = signature,
        [GitHubScheme.DeliveryHeader] = delivery,
    };

    [Fact]
    public void GitHub_documented_example_verifies_with_the_delivery_id_unsigned()
    {
        var result = Verifier(new GitHubScheme(), TimeProvider.System, GitHubSecret).Verify(GitHubHeaders(GitHubSignature), Utf8(GitHubPayload));

        Assert.True(result.Ok, result.Detail);
        Assert.Equal("72d3162e-cc78-11e3-81ab-4c9367dc0958", result.EventId);
        Assert.False(result.EventIdIsSigned);
        Assert.Null(result.Timestamp);
    }

    [Fact]
    public void GitHub_tampered_body_wrong_secret_and_rotation()
    {
        var body = Utf8(GitHubPayload);

        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, Verifier(new GitHubScheme(), TimeProvider.System, GitHubSecret).Verify(GitHubHeaders(GitHubSignature), Utf8("Hello, World! ")));
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, Verifier(new GitHubScheme(), TimeProvider.System, "It's a secret to everybody").Verify(GitHubHeaders(GitHubSignature), body));
        Assert.True(Verifier(new GitHubScheme(), TimeProvider.System, "new secret", GitHubSecret).Verify(GitHubHeaders(GitHubSignature), body).Ok);
    }

    [Theory]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", AuthErrorCodes.WebhookHeadersMalformed)] // no sha256=
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1", AuthErrorCodes.WebhookHeadersMalformed)] // 63 digits
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1g", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData("", AuthErrorCodes.WebhookSignatureMissing)]
    public void GitHub_malformed_signature_gets_its_code(string signature, string code) =>
        AssertFailure(code, Verifier(new GitHubScheme(), TimeProvider.System, GitHubSecret).Verify(GitHubHeaders(signature), Utf8(GitHubPayload)));

    [Fact]
    public void GitHub_uppercase_hex_verifies_and_missing_or_repeated_delivery_is_refused()
    {
        var verifier = Verifier(new GitHubScheme(), TimeProvider.System, GitHubSecret);
        var repeated = GitHubHeaders(GitHubSignature);
        repeated[GitHubScheme.DeliveryHeader] = new(["a", "b"]);

        Assert.True(verifier.Verify(GitHubHeaders("sha256=" + GitHubSignature[7..].ToUpperInvariant()), Utf8(GitHubPayload)).Ok);
        AssertFailure(AuthErrorCodes.WebhookSignatureMissing, verifier.Verify(new HeaderDictionary { [GitHubScheme.SignatureHeader] = GitHubSignature }, Utf8(GitHubPayload)));
        AssertFailure(AuthErrorCodes.WebhookHeadersMalformed, verifier.Verify(repeated, Utf8(GitHubPayload)));
    }

    // Stripe

    private static HeaderDictionary StripeHeaders(string value) => new() { [StripeScheme.SignatureHeader] = value };

    [Fact]
    public void Stripe_vector_verifies_among_several_v1_and_a_v0()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(StripeTimestamp));
        var verifier = Verifier(new StripeScheme(), time, StripeSecret);

        var single = verifier.Verify(StripeHeaders($"t={StripeTimestamp},v1={StripeV1}"), Utf8(StripePayload));
        var several = verifier.Verify(StripeHeaders($"t={StripeTimestamp},v1={OtherHex},v1={StripeV1},v0={OtherHex}"), Utf8(StripePayload));

        Assert.True(single.Ok, single.Detail);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(StripeTimestamp), single.Timestamp);
        Assert.Null(single.EventId);
        Assert.True(several.Ok, several.Detail);
    }

    [Fact]
    public void Stripe_tampered_body_timestamp_and_wrong_secret_are_refused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(StripeTimestamp));
        var verifier = Verifier(new StripeScheme(), time, StripeSecret);

        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, verifier.Verify(StripeHeaders($"t={StripeTimestamp},v1={StripeV1}"), Utf8("{\"id\": \"evt_test\",\"object\":\"event\"}")));
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, verifier.Verify(StripeHeaders($"t={StripeTimestamp + 1},v1={StripeV1}"), Utf8(StripePayload)));
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, Verifier(new StripeScheme(), time, "whsec_other").Verify(StripeHeaders($"t={StripeTimestamp},v1={StripeV1}"), Utf8(StripePayload)));
    }

    [Theory]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void Stripe_tolerance_is_five_minutes_either_way_inclusive(int offsetSeconds, bool ok)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(StripeTimestamp - offsetSeconds));

        var result = Verifier(new StripeScheme(), time, StripeSecret).Verify(StripeHeaders($"t={StripeTimestamp},v1={StripeV1}"), Utf8(StripePayload));

        Assert.Equal(ok, result.Ok);
        if (!ok)
        {
            AssertFailure(AuthErrorCodes.WebhookTimestampOutOfTolerance, result);
        }
    }

    [Theory]
    [InlineData("v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724", AuthErrorCodes.WebhookHeadersMalformed)] // no t
    [InlineData("t=1700000000,t=1700000000,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData("t=abc,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData("t=1700000000,,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData("t=1700000000", AuthErrorCodes.WebhookSignatureMissing)]
    [InlineData("t=1700000000,v0=aa179c5358b80a557a960137a85279caa13b06a05390816b533c3c146127bbe0", AuthErrorCodes.WebhookSignatureMissing)]
    [InlineData("t=1700000000,v1=zz", AuthErrorCodes.WebhookSignatureMissing)]
    [InlineData("garbage", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData("=,=,=", AuthErrorCodes.WebhookHeadersMalformed)]
    public void Stripe_malformed_headers_get_their_code(string header, string code)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(StripeTimestamp));

        AssertFailure(code, Verifier(new StripeScheme(), time, StripeSecret).Verify(StripeHeaders(header), Utf8(StripePayload)));
    }

    [Fact]
    public void Stripe_header_with_too_many_entries_is_malformed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(StripeTimestamp));
        var header = $"t={StripeTimestamp}," + string.Join(',', Enumerable.Repeat($"v1={OtherHex}", 40)) + $",v1={StripeV1}";

        AssertFailure(AuthErrorCodes.WebhookHeadersMalformed, Verifier(new StripeScheme(), time, StripeSecret).Verify(StripeHeaders(header), Utf8(StripePayload)));
    }

    // Generic HMAC

    [Fact]
    public void Generic_hex_over_timestamp_and_body_with_prefix_and_event_id()
    {
        var settings = new GenericHmacSettings("X-Signature", WebhookSignatureEncoding.Hex, "sha256=", "X-Timestamp", "X-Event-Id");
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(StripeTimestamp + 300));
        var verifier = Verifier(new GenericHmacScheme(settings), time, "generic-secret");
        HeaderDictionary Headers(string timestamp) => new()
        {
            ["X-Signature"] = "sha256=" + GenericTimestampedHex,
            ["X-Timestamp"] = timestamp,
            ["X-Event-Id"] = "evt-1",
        };

        var result = verifier.Verify(Headers("1700000000"), Utf8(StripePayload));

        Assert.True(result.Ok, result.Detail);
        Assert.Equal("evt-1", result.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(StripeTimestamp), result.Timestamp);
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, verifier.Verify(Headers("1700000001"), Utf8(StripePayload)));
        AssertFailure(AuthErrorCodes.WebhookSignatureMissing, verifier.Verify(new HeaderDictionary { ["X-Signature"] = "sha256=" + GenericTimestampedHex, ["X-Event-Id"] = "e" }, Utf8(StripePayload)));
        time.Advance(TimeSpan.FromSeconds(1));
        AssertFailure(AuthErrorCodes.WebhookTimestampOutOfTolerance, verifier.Verify(Headers("1700000000"), Utf8(StripePayload)));
    }

    [Fact]
    public void Generic_base64_over_the_body_alone()
    {
        var verifier = Verifier(new GenericHmacScheme(new GenericHmacSettings("X-Signature", WebhookSignatureEncoding.Base64)), TimeProvider.System, "old-secret", "generic-secret");

        var result = verifier.Verify(new HeaderDictionary { ["X-Signature"] = GenericBodyBase64 }, Utf8(StripePayload));

        Assert.True(result.Ok, result.Detail);
        Assert.Null(result.Timestamp);
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, verifier.Verify(new HeaderDictionary { ["X-Signature"] = GenericBodyBase64 }, Utf8(StripePayload + " ")));
        AssertFailure(AuthErrorCodes.WebhookHeadersMalformed, verifier.Verify(new HeaderDictionary { ["X-Signature"] = GenericTimestampedHex }, Utf8(StripePayload)));
        AssertFailure(AuthErrorCodes.WebhookHeadersMalformed, verifier.Verify(new HeaderDictionary { ["X-Signature"] = new(["a", "b"]) }, Utf8(StripePayload)));
    }

    [Fact]
    public void Utf8_schemes_refuse_a_blank_secret()
    {
        Assert.False(WebhookSignatureVerifier.TryCreate(new GitHubScheme(), ["  "], TimeProvider.System, out _, out var error));
        Assert.Contains("Secret 0", error, StringComparison.Ordinal);
    }
}
