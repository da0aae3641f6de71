using System.Text;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Client.Signatures;
using static S2SAuth.Client.Tests.Signatures.Rfc9421ConformanceTests;
using static S2SAuth.Client.Tests.Signatures.Rfc9421TestMessages;

namespace S2SAuth.Client.Tests.Signatures;

/// <summary>Verification refuses, with the exact reason and never an exception: tampering, wrong keys and algorithms,
/// stale or future signatures, uncovered required components, and malformed fields.</summary>
public sealed class MessageVerifierTests
{
    private const string B26Input = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    private const string B26Signature = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";

    private static readonly string[] OutgoingComponents = ["@method", "@authority", "@path", "@query", "content-digest"];

    private FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(Created + 10));

    [Fact]
    public void A_tampered_covered_header_does_not_verify()
    {
        using var key = Ed25519PublicOnly();
        var message = Request(new() { ["Date"] = ["Tue, 20 Apr 2021 02:07:56 GMT"], ["Signature-Input"] = [B26Input], ["Signature"] = [B26Signature] });
        Assert.Equal(SignatureFailure.InvalidSignature, MessageVerifier.Verify(message, new(), _ => key, time).Failure);
    }

    [Fact]
    public void A_tampered_derived_component_does_not_verify()
    {
        using var key = Ed25519PublicOnly();
        var message = Request(new() { ["Signature-Input"] = [B26Input], ["Signature"] = [B26Signature] }, path: "/bar");
        Assert.Equal(SignatureFailure.InvalidSignature, MessageVerifier.Verify(message, new(), _ => key, time).Failure);
    }

    [Fact]
    public void A_flipped_signature_byte_does_not_verify()
    {
        using var key = Ed25519PublicOnly();
        Assert.Equal(SignatureFailure.InvalidSignature, MessageVerifier.Verify(Signed(B26Input, B26Signature.Replace("wqcA", "wqcB")), new(), _ => key, time).Failure);
    }

    [Fact]
    public void Another_key_of_the_same_algorithm_does_not_verify()
    {
        using var other = Ed25519SignatureKey.FromPrivateKey("test-key-ed25519", new byte[32])!;
        Assert.Equal(SignatureFailure.InvalidSignature, MessageVerifier.Verify(Signed(B26Input, B26Signature), new(), _ => other, time).Failure);
    }

    [Fact]
    public void A_key_of_another_algorithm_does_not_verify_even_without_alg()
    {
        using var hmac = SharedSecretKey();
        Assert.Equal(SignatureFailure.InvalidSignature, MessageVerifier.Verify(Signed(B26Input, B26Signature), new(), _ => hmac, time).Failure);
    }

    [Fact]
    public void An_alg_parameter_that_differs_from_the_keys_algorithm_is_refused()
    {
        // Signed with the HMAC key but claiming ed25519: the verifier takes the algorithm from the key and refuses.
        using var hmac = SharedSecretKey();
        var parameters = SignatureParameters.Create(["@method", "@authority"], Created, "test-shared-secret", algorithm: SignatureAlgorithms.Ed25519);
        Assert.True(MessageSigner.TrySign(Request(), parameters, hmac, "sig1", out var input, out var signature, out _));
        Assert.Equal(SignatureFailure.AlgorithmMismatch, MessageVerifier.Verify(Signed(input, signature), new(), _ => hmac, time).Failure);
    }

    [Fact]
    public void An_unknown_keyid_is_refused()
    {
        Assert.Equal(SignatureFailure.UnknownKey, MessageVerifier.Verify(Signed(B26Input, B26Signature), new(), _ => null, time).Failure);
    }

    [Fact]
    public void A_signature_older_than_the_maximum_age_is_expired()
    {
        using var key = Ed25519PublicOnly();
        time = new(DateTimeOffset.FromUnixTimeSeconds(Created + 301 + 60));
        var policy = new SignatureVerificationPolicy { MaxAge = TimeSpan.FromMinutes(5), ClockSkew = TimeSpan.FromMinutes(1) };
        Assert.Equal(SignatureFailure.Expired, MessageVerifier.Verify(Signed(B26Input, B26Signature), policy, _ => key, time).Failure);

        time = new(DateTimeOffset.FromUnixTimeSeconds(Created + 300 + 60));
        Assert.Equal(SignatureFailure.None, MessageVerifier.Verify(Signed(B26Input, B26Signature), policy, _ => key, time).Failure);
    }

    [Fact]
    public void A_created_in_the_future_beyond_the_skew_is_refused()
    {
        using var key = Ed25519PublicOnly();
        time = new(DateTimeOffset.FromUnixTimeSeconds(Created - 61));
        var policy = new SignatureVerificationPolicy { ClockSkew = TimeSpan.FromMinutes(1) };
        Assert.Equal(SignatureFailure.NotYetValid, MessageVerifier.Verify(Signed(B26Input, B26Signature), policy, _ => key, time).Failure);

        time = new(DateTimeOffset.FromUnixTimeSeconds(Created - 60));
        Assert.Equal(SignatureFailure.None, MessageVerifier.Verify(Signed(B26Input, B26Signature), policy, _ => key, time).Failure);
    }

    [Fact]
    public void A_passed_expires_is_refused()
    {
        using var key = Ed25519Key();
        var parameters = SignatureParameters.Create(OutgoingComponents, Created, key.KeyId, expires: Created + 30, nonce: "n-1", algorithm: key.Algorithm);
        Assert.True(MessageSigner.TrySign(Request(), parameters, key, "sig1", out var input, out var signature, out _));
        var policy = new SignatureVerificationPolicy { ClockSkew = TimeSpan.Zero };

        time = new(DateTimeOffset.FromUnixTimeSeconds(Created + 30));
        Assert.Equal(SignatureFailure.None, MessageVerifier.Verify(Signed(input, signature), policy, _ => key, time).Failure);
        time = new(DateTimeOffset.FromUnixTimeSeconds(Created + 31));
        Assert.Equal(SignatureFailure.Expired, MessageVerifier.Verify(Signed(input, signature), policy, _ => key, time).Failure);
    }

    [Fact]
    public void Missing_created_expires_or_nonce_are_refused_when_required()
    {
        using var key = SharedSecretKey();
        var parameters = SignatureParameters.Create(["@method"], created: null, key.KeyId);
        Assert.True(MessageSigner.TrySign(Request(), parameters, key, "sig1", out var input, out var signature, out _));
        Assert.Equal(SignatureFailure.MissingCreated, MessageVerifier.Verify(Signed(input, signature), new(), _ => key, time).Failure);

        parameters = SignatureParameters.Create(["@method"], Created, key.KeyId);
        Assert.True(MessageSigner.TrySign(Request(), parameters, key, "sig1", out input, out signature, out _));
        Assert.Equal(SignatureFailure.MissingExpires, MessageVerifier.Verify(Signed(input, signature), new() { RequireExpires = true }, _ => key, time).Failure);
        Assert.Equal(SignatureFailure.MissingNonce, MessageVerifier.Verify(Signed(input, signature), new() { RequireNonce = true }, _ => key, time).Failure);
    }

    [Fact]
    public void A_required_component_that_is_not_covered_is_refused()
    {
        using var key = Ed25519PublicOnly();
        var policy = new SignatureVerificationPolicy { RequiredComponents = ["@method", "@query"] };
        Assert.Equal(SignatureFailure.MissingRequiredComponent, MessageVerifier.Verify(Signed(B26Input, B26Signature), policy, _ => key, time).Failure);
    }

    [Fact]
    public void A_covered_header_absent_from_the_message_is_refused()
    {
        using var key = SharedSecretKey();
        var parameters = SignatureParameters.Create(["@method", "x-absent"], Created, key.KeyId);
        Assert.False(MessageSigner.TrySign(Request(), parameters, key, "sig1", out _, out _, out var failure));
        Assert.Equal(SignatureFailure.ComponentNotInMessage, failure);

        var input = "sig1=(\"@method\" \"x-absent\");created=1618884473;keyid=\"test-shared-secret\"";
        Assert.Equal(SignatureFailure.ComponentNotInMessage, MessageVerifier.Verify(Signed(input, "sig1=:AAAA:"), new(), _ => key, time).Failure);
    }

    [Theory]
    [InlineData("sig1=(\"@method\" \"@method\");created=1618884473;keyid=\"test-shared-secret\"")]
    [InlineData("sig1=(\"@method\";req);created=1618884473;keyid=\"test-shared-secret\"")]
    [InlineData("sig1=(\"content-type\";sf);created=1618884473;keyid=\"test-shared-secret\"")]
    [InlineData("sig1=(\"@signature-params\");created=1618884473;keyid=\"test-shared-secret\"")]
    [InlineData("sig1=(\"@unknown\");created=1618884473;keyid=\"test-shared-secret\"")]
    [InlineData("sig1=(\"Content-Type\");created=1618884473;keyid=\"test-shared-secret\"")]
    public void Duplicate_unsupported_or_uppercase_components_are_refused(string input)
    {
        using var key = SharedSecretKey();
        Assert.Equal(SignatureFailure.UnsupportedComponent, MessageVerifier.Verify(Signed(input, "sig1=:AAAA:"), new(), _ => key, time).Failure);
    }

    [Fact]
    public void A_header_value_with_a_line_break_cannot_forge_a_base_line()
    {
        using var key = SharedSecretKey();
        var message = Request(new() { ["X-Evil"] = ["a\n\"@method\": GET"] });
        var parameters = SignatureParameters.Create(["x-evil"], Created, key.KeyId);
        Assert.False(MessageSigner.TrySign(message, parameters, key, "sig1", out _, out _, out _));
    }

    [Theory]
    [InlineData(null, null, nameof(SignatureFailure.MissingSignature))]
    [InlineData("sig1=(\"@method\");created=1", null, nameof(SignatureFailure.MissingSignature))]
    [InlineData("sig1=(\"@method\"", "sig1=:AAAA:", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=(\"@method\");created=1", "sig1=:not base64!:", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=(\"@method\");created=1.5", "sig1=:AAAA:", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=(\"@method\");created=\"1\";keyid=\"k\"", "sig1=:AAAA:", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=(\"@method\");created=1;keyid=k", "sig1=:AAAA:", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=(@method);created=1", "sig1=:AAAA:", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=\"@method\"", "sig1=:AAAA:", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=(\"@method\");created=1;keyid=\"k\"", "sig1=\"AAAA\"", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=(\"@method\");created=1;keyid=\"k\"", "sig2=:AAAA:", nameof(SignatureFailure.LabelNotFound))]
    [InlineData("Sig1=(\"@method\")", "Sig1=:AAAA:", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=(\"@method\"),", "sig1=:AAAA:", nameof(SignatureFailure.MalformedSignature))]
    [InlineData("sig1=(\"@method\");created=9999999999999999", "sig1=:AAAA:", nameof(SignatureFailure.MalformedSignature))]
    public void Malformed_fields_are_refused_without_throwing(string? input, string? signature, string expected)
    {
        using var key = SharedSecretKey();
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (input is not null)
        {
            headers["Signature-Input"] = [input];
        }

        if (signature is not null)
        {
            headers["Signature"] = [signature];
        }

        var message = HttpMessageComponents.FromValues("POST", "https", "example.com", "/", string.Empty, n => headers.TryGetValue(n, out var v) ? v : null);
        Assert.Equal(expected, MessageVerifier.Verify(message, new(), _ => key, time).Failure.ToString());
    }

    [Fact]
    public void Every_truncation_and_byte_flip_of_a_valid_signature_is_refused_without_throwing()
    {
        using var key = Ed25519PublicOnly();
        for (var i = 0; i < B26Input.Length; i++)
        {
            var truncated = MessageVerifier.Verify(Signed(B26Input[..i], B26Signature), new(), _ => key, time);
            Assert.False(truncated.Succeeded);
            var flipped = B26Input.ToCharArray();
            flipped[i] = (char)(flipped[i] ^ 0x01);
            Assert.False(MessageVerifier.Verify(Signed(new string(flipped), B26Signature), new(), _ => key, time).Succeeded);
        }
    }

    [Fact]
    public void Oversized_fields_are_refused()
    {
        using var key = SharedSecretKey();
        var huge = "sig1=(" + string.Join(' ', Enumerable.Repeat("\"@method\"", 1000)) + ")";
        Assert.Equal(SignatureFailure.MalformedSignature, MessageVerifier.Verify(Signed(huge, "sig1=:AAAA:"), new(), _ => key, time).Failure);
    }

    [Fact]
    public void Another_signature_in_the_fields_does_not_hide_a_valid_one()
    {
        using var key = Ed25519PublicOnly();
        var message = Request(new()
        {
            ["Signature-Input"] = ["proxy=(\"@method\");created=1618884473;keyid=\"someone-else\"", B26Input],
            ["Signature"] = ["proxy=:AAAA:, " + B26Signature],
        });
        var result = MessageVerifier.Verify(message, new(), id => id == key.KeyId ? key : null, time);
        Assert.Equal(SignatureFailure.None, result.Failure);
        Assert.Equal("sig-b26", result.Label);

        Assert.Equal(SignatureFailure.UnknownKey, MessageVerifier.Verify(message, new() { Label = "proxy" }, id => id == key.KeyId ? key : null, time).Failure);
    }

    [Theory]
    [InlineData(SignatureAlgorithms.Ed25519)]
    [InlineData(SignatureAlgorithms.EcdsaP256Sha256)]
    [InlineData(SignatureAlgorithms.HmacSha256)]
    public void An_outgoing_request_signed_by_the_client_verifies_from_plain_values_on_the_server(string algorithm)
    {
        using SignatureKey key = algorithm switch
        {
            SignatureAlgorithms.Ed25519 => Ed25519Key(),
            SignatureAlgorithms.EcdsaP256Sha256 => EccP256Key(),
            _ => SharedSecretKey(),
        };
        var body = Encoding.UTF8.GetBytes(RequestBody);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://Api.Example.com:443/orders/42?expand=lines") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation(ContentDigest.HeaderName, ContentDigest.Compute(body, ContentDigest.Sha256));
        var parameters = SignatureParameters.Create(OutgoingComponents, Created, key.KeyId, expires: Created + 60, nonce: "b7e5c0a1", algorithm: key.Algorithm);
        Assert.True(MessageSigner.TrySign(request, parameters, key, "sig1", out _));

        var headers = request.Headers.Concat(request.Content.Headers).ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        var received = HttpMessageComponents.FromValues("POST", "https", "API.example.com:443", "/orders/42", "?expand=lines", n => headers.TryGetValue(n, out var v) ? v : null);
        var policy = new SignatureVerificationPolicy { RequiredComponents = OutgoingComponents, RequireExpires = true, RequireNonce = true };

        var result = MessageVerifier.Verify(received, policy, id => id == key.KeyId ? key : null, time);
        Assert.Equal(SignatureFailure.None, result.Failure);
        Assert.Equal("b7e5c0a1", result.Parameters!.Nonce);
        Assert.Equal(SignatureFailure.None, ContentDigest.Verify(headers[ContentDigest.HeaderName][0], body));

        var otherQuery = HttpMessageComponents.FromValues("POST", "https", "api.example.com", "/orders/42", "?expand=none", n => headers.TryGetValue(n, out var v) ? v : null);
        Assert.Equal(SignatureFailure.InvalidSignature, MessageVerifier.Verify(otherQuery, policy, _ => key, time).Failure);
    }

    [Fact]
    public void An_rsa_pss_key_signs_and_verifies_and_a_public_key_cannot_sign()
    {
        using var key = new RsaPssSha512SignatureKey("rsa", System.Security.Cryptography.RSA.Create(2048), hasPrivateKey: true);
        var parameters = SignatureParameters.Create(OutgoingComponents, Created, key.KeyId, algorithm: key.Algorithm);
        Assert.True(MessageSigner.TrySign(Request(), parameters, key, "sig1", out var input, out var signature, out _));
        Assert.Equal(SignatureFailure.None, MessageVerifier.Verify(Signed(input, signature), new(), _ => key, time).Failure);

        using var publicOnly = Ed25519PublicOnly();
        Assert.False(publicOnly.CanSign);
        Assert.Throws<InvalidOperationException>(() => publicOnly.Sign([1, 2, 3]));
    }
}
