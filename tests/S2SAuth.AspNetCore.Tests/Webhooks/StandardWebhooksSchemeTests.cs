using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using NSec.Cryptography;
using S2SAuth.Webhooks;

namespace S2SAuth.AspNetCore.Tests.Webhooks;

/// <summary>
/// The Standard Webhooks scheme against the specification's published test vector, Ed25519 (v1a), several signatures
/// and rotated secrets, the tolerance edges, and a body changed by one byte.
/// </summary>
public sealed class StandardWebhooksSchemeTests
{
    // Published vector: standard-webhooks/standard-webhooks, libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs
    // (verifyWebhookSignWorks; the same values are in the other libraries' tests). Values only.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorPayload = "{\"test\": 2432232314}";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    // From the same file (TestMultiSigPayloadIsValid, TestInvalidSignatureThrowsException): non-matching entries.
    private const string OtherV1 = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    private const string OtherV2 = "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(VectorPayload);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp));

    private static HeaderDictionary Headers(string signature, string id = VectorId, string timestamp = "1614265330") => new()
    {
        [StandardWebhooksScheme.IdHeader] = id,
        [StandardWebhooksScheme.TimestampHeader] = timestamp,
        [StandardWebhooksScheme.SignatureHeader] = signature,
    };

    private WebhookSignatureVerifier Verifier(params string[] secrets)
    {
        Assert.True(WebhookSignatureVerifier.TryCreate(new StandardWebhooksScheme(), secrets, _time, out var verifier, out var error), error);
        return verifier!;
    }

    [Fact]
    public void Published_vector_verifies_with_the_signed_id_and_timestamp()
    {
        var result = Verifier(VectorSecret).Verify(Headers(VectorSignature), Body);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(VectorId, result.EventId);
        Assert.True(result.EventIdIsSigned);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp), result.Timestamp);
    }

    [Fact]
    public void Published_invalid_signature_is_refused()
    {
        var result = Verifier(VectorSecret).Verify(Headers("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd"), Body);

        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, result);
    }

    [Theory]
    [InlineData("{\"test\":2432232314}")] // re-serialised JSON without the space
    [InlineData("{\"test\": 2432232315}")] // one digit changed
    [InlineData("{\"test\": 2432232314}\n")] // a trailing newline
    public void Body_changed_by_one_byte_is_refused(string changed)
    {
        var result = Verifier(VectorSecret).Verify(Headers(VectorSignature), Encoding.UTF8.GetBytes(changed));

        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, result);
    }

    [Fact]
    public void Signed_id_or_timestamp_changed_is_refused()
    {
        var verifier = Verifier(VectorSecret);

        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, verifier.Verify(Headers(VectorSignature, id: "msg_p5jXN8AQM9LWM0D4loKWxJeK"), Body));
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, verifier.Verify(Headers(VectorSignature, timestamp: "1614265331"), Body));
    }

    [Fact]
    public void Several_signatures_in_the_header_pass_if_any_matches()
    {
        // The published multi-signature case: unknown version v2 ignored, one valid entry among non-matching ones.
        var header = string.Join(' ', OtherV1, OtherV2, VectorSignature, OtherV1);

        Assert.True(Verifier(VectorSecret).Verify(Headers(header), Body).Ok);
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, Verifier(VectorSecret).Verify(Headers(string.Join(' ', OtherV1, OtherV2)), Body));
    }

    [Fact]
    public void Rotated_secrets_old_and_new_both_verify_during_the_overlap()
    {
        var newSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var verifier = Verifier(newSecret, VectorSecret);

        Assert.True(verifier.Verify(Headers(VectorSignature), Body).Ok);
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, Verifier(newSecret).Verify(Headers(VectorSignature), Body));
    }

    [Theory]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void Tolerance_is_five_minutes_either_way_inclusive(int offsetSeconds, bool ok)
    {
        var now = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp - offsetSeconds));
        Assert.True(WebhookSignatureVerifier.TryCreate(new StandardWebhooksScheme(), [VectorSecret], now, out var verifier, out _));

        var result = verifier!.Verify(Headers(VectorSignature), Body);

        if (ok)
        {
            Assert.True(result.Ok, result.Detail);
        }
        else
        {
            AssertFailure(AuthErrorCodes.WebhookTimestampOutOfTolerance, result);
        }
    }

    [Fact]
    public void Configured_tolerance_is_used()
    {
        _time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp + 61));
        Assert.True(WebhookSignatureVerifier.TryCreate(new StandardWebhooksScheme(TimeSpan.FromMinutes(1)), [VectorSecret], _time, out var verifier, out _));

        AssertFailure(AuthErrorCodes.WebhookTimestampOutOfTolerance, verifier!.Verify(Headers(VectorSignature), Body));
    }

    [Fact]
    public void Forged_stale_delivery_reports_the_signature_not_the_timestamp()
    {
        _time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp + 3600));

        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, Verifier(VectorSecret).Verify(Headers(OtherV1), Body));
    }

    [Fact]
    public void Ed25519_v1a_round_trip_verifies_and_a_tampered_body_is_refused()
    {
        // No published v1a vector in the standard-webhooks repository: a generated key pair, signed as the spec says.
        using var key = Key.Create(SignatureAlgorithm.Ed25519);
        var publicKey = "whpk_" + Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        var content = Encoding.UTF8.GetBytes($"{VectorId}.{VectorTimestamp}.{VectorPayload}");
        var signature = "v1a," + Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, content));
        var verifier = Verifier(VectorSecret, publicKey);

        Assert.True(verifier.Verify(Headers(string.Join(' ', OtherV1, signature)), Body).Ok);
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, verifier.Verify(Headers(signature), Encoding.UTF8.GetBytes("{\"test\":2432232314}")));
        // A v1a signature is never checked as HMAC, nor a v1 one against the public key.
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, Verifier(VectorSecret).Verify(Headers(signature), Body));
        AssertFailure(AuthErrorCodes.WebhookSignatureInvalid, Verifier(publicKey).Verify(Headers(VectorSignature), Body));
    }

    [Theory]
    [InlineData(null, VectorSignature, "1614265330", AuthErrorCodes.WebhookSignatureMissing)]
    [InlineData(VectorId, null, "1614265330", AuthErrorCodes.WebhookSignatureMissing)]
    [InlineData(VectorId, VectorSignature, null, AuthErrorCodes.WebhookSignatureMissing)]
    [InlineData(VectorId, "", "1614265330", AuthErrorCodes.WebhookSignatureMissing)]
    [InlineData(VectorId, VectorSignature, "-1614265330", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData(VectorId, VectorSignature, "1614265330.0", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData(VectorId, VectorSignature, " 1614265330", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData(VectorId, VectorSignature, "9999999999999999999999", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData("msg.1", VectorSignature, "1614265330", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData("msg 1", VectorSignature, "1614265330", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData("msgé", VectorSignature, "1614265330", AuthErrorCodes.WebhookHeadersMalformed)]
    [InlineData(VectorId, "v1", "1614265330", AuthErrorCodes.WebhookSignatureInvalid)]
    [InlineData(VectorId, "v1,", "1614265330", AuthErrorCodes.WebhookSignatureInvalid)]
    [InlineData(VectorId, "v1,!!!notbase64", "1614265330", AuthErrorCodes.WebhookSignatureInvalid)]
    [InlineData(VectorId, "v1a,AAAA", "1614265330", AuthErrorCodes.WebhookSignatureInvalid)]
    [InlineData(VectorId, ",,, ,", "1614265330", AuthErrorCodes.WebhookSignatureInvalid)]
    public void Malformed_headers_get_their_code_and_never_throw(string? id, string? signature, string? timestamp, string code)
    {
        var headers = new HeaderDictionary();
        if (id is not null)
        {
            headers[StandardWebhooksScheme.IdHeader] = id;
        }

        if (signature is not null)
        {
            headers[StandardWebhooksScheme.SignatureHeader] = signature;
        }

        if (timestamp is not null)
        {
            headers[StandardWebhooksScheme.TimestampHeader] = timestamp;
        }

        AssertFailure(code, Verifier(VectorSecret).Verify(headers, Body));
    }

    [Fact]
    public void Repeated_oversized_or_overfull_signature_headers_are_malformed()
    {
        var verifier = Verifier(VectorSecret);
        var repeated = Headers(VectorSignature);
        repeated[StandardWebhooksScheme.SignatureHeader] = new(["v1,x", VectorSignature]);
        var repeatedId = Headers(VectorSignature);
        repeatedId[StandardWebhooksScheme.IdHeader] = new([VectorId, VectorId]);

        AssertFailure(AuthErrorCodes.WebhookHeadersMalformed, verifier.Verify(repeated, Body));
        AssertFailure(AuthErrorCodes.WebhookHeadersMalformed, verifier.Verify(repeatedId, Body));
        AssertFailure(AuthErrorCodes.WebhookHeadersMalformed, verifier.Verify(Headers(new string('v', WebhookHeaders.MaxSignatureHeaderLength + 1)), Body));
        AssertFailure(AuthErrorCodes.WebhookHeadersMalformed, verifier.Verify(Headers(string.Join(' ', Enumerable.Repeat(OtherV1, WebhookHeaders.MaxSignatures).Append(VectorSignature))), Body));
        AssertFailure(AuthErrorCodes.WebhookHeadersMalformed, verifier.Verify(Headers(VectorSignature, id: new string('m', WebhookHeaders.MaxIdLength + 1)), Body));
    }

    [Fact]
    public void Random_header_values_never_throw()
    {
        var verifier = Verifier(VectorSecret);
        var random = new Random(16);
        const string alphabet = "v1a, =./+_-0123456789abcdefXYZ\t\u00e9";
        for (var i = 0; i < 2000; i++)
        {
            string Next() => new([.. Enumerable.Range(0, random.Next(0, 80)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var result = verifier.Verify(Headers(Next(), Next(), Next()), Body);
            Assert.False(result.Ok);
            Assert.NotNull(result.FailureCode);
        }
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")] // no prefix
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")] // 5 bytes: under the spec's 24
    [InlineData("whpk_AAAA")] // not 32 bytes
    [InlineData("")]
    public void Invalid_configured_secret_is_refused_without_repeating_it(string secret)
    {
        Assert.False(WebhookSignatureVerifier.TryCreate(new StandardWebhooksScheme(), [VectorSecret, secret], _time, out var verifier, out var error));
        Assert.Null(verifier);
        Assert.Contains("Secret 1", error, StringComparison.Ordinal);
        if (secret.Length > 6)
        {
            Assert.DoesNotContain(secret, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_secret_or_too_many_is_a_configuration_error()
    {
        Assert.False(WebhookSignatureVerifier.TryCreate(new StandardWebhooksScheme(), [], _time, out _, out _));
        Assert.False(WebhookSignatureVerifier.TryCreate(new StandardWebhooksScheme(), [.. Enumerable.Repeat(VectorSecret, WebhookSignatureVerifier.MaxSecrets + 1)], _time, out _, out _));
    }

    [Fact]
    public void A_secret_never_prints_its_key()
    {
        Assert.True(new StandardWebhooksScheme().TryParseSecret(VectorSecret, out var secret, out _));

        Assert.Equal("WebhookSecret(HmacSha256)", secret.ToString());
    }

    internal static void AssertFailure(string code, WebhookVerification result)
    {
        Assert.False(result.Ok);
        Assert.Equal(code, result.FailureCode);
        Assert.Null(result.EventId);
        Assert.NotNull(result.Detail);
        Assert.DoesNotContain("g0hM9SsE", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8G", result.Detail, StringComparison.Ordinal);
    }
}
