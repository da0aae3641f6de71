using System.Text;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Tests.Signatures;

/// <summary>Content-Digest (RFC 9530) against the RFCs' published values, and refusals that never throw.</summary>
public sealed class ContentDigestTests
{
    private static readonly byte[] Hello = Encoding.UTF8.GetBytes("{\"hello\": \"world\"}");
    private static readonly byte[] HelloNewline = Encoding.UTF8.GetBytes("{\"hello\": \"world\"}\n");

    [Fact]
    public void Sha256_and_sha512_of_the_rfc_content_are_the_published_values()
    {
        // RFC 9530 Appendix B (sha-256) and RFC 9421 Appendix B.2 test-request (sha-512), content {"hello": "world"}.
        Assert.Equal(
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
            ContentDigest.Compute(Hello, ContentDigest.Sha256, ContentDigest.Sha512));
    }

    [Fact]
    public void The_rfc_9530_section_2_example_verifies()
    {
        // RFC 9530 §2: content {"hello": "world"} followed by a newline.
        Assert.Equal(SignatureFailure.None, ContentDigest.Verify("sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:", HelloNewline));
        Assert.Equal(SignatureFailure.DigestMismatch, ContentDigest.Verify("sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:", Hello));
    }

    [Fact]
    public void A_tampered_body_does_not_match()
    {
        var header = ContentDigest.Compute(Hello);
        Assert.Equal(SignatureFailure.None, ContentDigest.Verify(header, Hello));
        Assert.Equal(SignatureFailure.DigestMismatch, ContentDigest.Verify(header, Encoding.UTF8.GetBytes("{\"hello\": \"World\"}")));
    }

    [Fact]
    public void Every_supported_digest_present_must_match()
    {
        var header = ContentDigest.Compute(Hello, ContentDigest.Sha256) + ", sha-512=:" + Convert.ToBase64String(new byte[64]) + ":";
        Assert.Equal(SignatureFailure.DigestMismatch, ContentDigest.Verify(header, Hello));
    }

    [Theory]
    [InlineData(null, nameof(SignatureFailure.MissingDigest))]
    [InlineData("", nameof(SignatureFailure.MissingDigest))]
    [InlineData("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", nameof(SignatureFailure.MalformedDigest))]
    [InlineData("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", nameof(SignatureFailure.MalformedDigest))]
    [InlineData("sha-256=\"X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\"", nameof(SignatureFailure.MalformedDigest))]
    [InlineData("SHA-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", nameof(SignatureFailure.MalformedDigest))]
    [InlineData("md5=:AAAA:", nameof(SignatureFailure.UnsupportedDigestAlgorithm))]
    [InlineData("sha-256=:AAAA:", nameof(SignatureFailure.DigestMismatch))]
    public void Bad_headers_are_refused_without_throwing(string? header, string expected)
    {
        Assert.Equal(expected, ContentDigest.Verify(header, Hello).ToString());
    }
}
