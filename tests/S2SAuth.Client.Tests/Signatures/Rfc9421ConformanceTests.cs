using Microsoft.Extensions.Time.Testing;
using S2SAuth.Client.Signatures;
using static S2SAuth.Client.Tests.Signatures.Rfc9421TestMessages;

namespace S2SAuth.Client.Tests.Signatures;

/// <summary>
/// RFC 9421 Appendix B.2 examples: the signature bases byte for byte, the deterministic signatures (hmac-sha256,
/// ed25519) reproduced exactly, and the RFC's own (randomised) ECDSA signature verified.
/// </summary>
public sealed class Rfc9421ConformanceTests
{
    // B.2.5
    private const string B25Input = "sig-b25=(\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"";
    private const string B25Signature = "sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:";
    private const string B25Base =
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n" +
        "\"@authority\": example.com\n" +
        "\"content-type\": application/json\n" +
        "\"@signature-params\": (\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"";

    // B.2.6
    private const string B26Input = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    private const string B26Signature = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";
    private const string B26Base =
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n" +
        "\"@method\": POST\n" +
        "\"@path\": /foo\n" +
        "\"@authority\": example.com\n" +
        "\"content-type\": application/json\n" +
        "\"content-length\": 18\n" +
        "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";

    // B.2.4 (a response)
    private const string B24Input = "sig-b24=(\"@status\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"";
    private const string B24Signature = "sig-b24=:wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==:";
    private const string B24Base =
        "\"@status\": 200\n" +
        "\"content-type\": application/json\n" +
        "\"content-digest\": sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:\n" +
        "\"content-length\": 23\n" +
        "\"@signature-params\": (\"@status\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"";

    private static readonly FakeTimeProvider AtCreated = new(DateTimeOffset.FromUnixTimeSeconds(Created + 10));

    [Fact]
    public void B25_hmac_sha256_base_and_signature_are_the_rfcs()
    {
        using var key = SharedSecretKey();
        var parameters = Parse(B25Input);

        Assert.True(SignatureBase.TryCreate(Request(), parameters, out var signatureBase, out _));
        Assert.Equal(B25Base, signatureBase);

        Assert.True(MessageSigner.TrySign(Request(), parameters, key, "sig-b25", out var input, out var signature, out _));
        Assert.Equal(B25Input, input);
        Assert.Equal(B25Signature, signature);
    }

    [Fact]
    public void B25_the_rfcs_signature_verifies()
    {
        using var key = SharedSecretKey();
        var result = MessageVerifier.Verify(Signed(B25Input, B25Signature), new SignatureVerificationPolicy(), _ => key, AtCreated);
        Assert.Equal(SignatureFailure.None, result.Failure);
        Assert.Equal("sig-b25", result.Label);
        Assert.Same(key, result.Key);
    }

    [Fact]
    public void B26_ed25519_base_and_signature_are_the_rfcs()
    {
        using var key = Ed25519Key();
        var parameters = Parse(B26Input);

        Assert.True(SignatureBase.TryCreate(Request(), parameters, out var signatureBase, out _));
        Assert.Equal(B26Base, signatureBase);

        Assert.True(MessageSigner.TrySign(Request(), parameters, key, "sig-b26", out var input, out var signature, out _));
        Assert.Equal(B26Input, input);
        Assert.Equal(B26Signature, signature); // Ed25519 is deterministic (RFC 8032)
    }

    [Fact]
    public void B26_the_same_base_from_an_HttpRequestMessage()
    {
        using var request = RequestMessage();
        var message = HttpMessageComponents.FromRequest(request)!;
        Assert.True(SignatureBase.TryCreate(message, Parse(B26Input), out var signatureBase, out _));
        Assert.Equal(B26Base, signatureBase);
    }

    [Fact]
    public void B26_the_rfcs_signature_verifies_with_the_public_key_only()
    {
        using var key = Ed25519PublicOnly();
        var result = MessageVerifier.Verify(Signed(B26Input, B26Signature), new SignatureVerificationPolicy(), id => id == "test-key-ed25519" ? key : null, AtCreated);
        Assert.Equal(SignatureFailure.None, result.Failure);
    }

    [Fact]
    public void B26_signing_an_HttpRequestMessage_adds_the_rfcs_headers()
    {
        using var key = Ed25519Key();
        using var request = RequestMessage();
        Assert.True(MessageSigner.TrySign(request, Parse(B26Input), key, "sig-b26", out _));
        Assert.Equal(B26Input, Assert.Single(request.Headers.GetValues("Signature-Input")));
        Assert.Equal(B26Signature, Assert.Single(request.Headers.GetValues("Signature")));
    }

    [Fact]
    public void B24_ecdsa_base_is_the_rfcs_and_the_rfcs_signature_verifies()
    {
        var message = Response(B24Input, B24Signature);
        Assert.True(SignatureBase.TryCreate(message, Parse(B24Input), out var signatureBase, out _));
        Assert.Equal(B24Base, signatureBase);

        using var key = EccP256PublicOnly();
        Assert.Equal(SignatureFailure.None, MessageVerifier.Verify(message, new SignatureVerificationPolicy(), _ => key, AtCreated).Failure);
    }

    [Fact]
    public void B24_a_fresh_ecdsa_signature_is_64_raw_bytes_and_verifies()
    {
        using var key = EccP256Key();
        var parameters = Parse(B24Input);
        Assert.True(MessageSigner.TrySign(Response(B24Input, B24Signature), parameters, key, "sig-b24", out var input, out var signature, out _));
        Assert.StartsWith("sig-b24=:", signature);
        Assert.Equal(64, Convert.FromBase64String(signature["sig-b24=:".Length..^1]).Length);
        Assert.NotEqual(B24Signature, signature); // randomised
        using var publicKey = EccP256PublicOnly();
        Assert.Equal(SignatureFailure.None, MessageVerifier.Verify(Response(input, signature), new SignatureVerificationPolicy(), _ => publicKey, AtCreated).Failure);
    }

    internal static SignatureParameters Parse(string member)
    {
        Assert.True(StructuredFieldParser.TryParseDictionary(member, out var dictionary));
        Assert.True(SignatureParameters.TryFrom(Assert.Single(dictionary).Value, out var parameters));
        return parameters!;
    }

    internal static HttpMessageComponents Signed(string input, string signature) =>
        Request(new() { ["Signature-Input"] = [input], ["Signature"] = [signature] });
}
