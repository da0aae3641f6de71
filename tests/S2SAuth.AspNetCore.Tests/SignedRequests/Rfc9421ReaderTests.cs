using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.SignedRequests.Framework;

namespace S2SAuth.AspNetCore.Tests.SignedRequests;

/// <summary>
/// RFC 9421 Appendix B through the real pipeline: the RFC's test-request (B.2) with its exact Signature-Input and
/// Signature headers, the RFC's keys configured (B.1.4 test-key-ed25519, B.1.5 test-shared-secret), on a clock at the
/// RFC's created time. The B.2 examples carry no nonce and do not cover content-digest or @query, so this API is
/// configured to require only what they cover. Conformance of the receiver, not a round trip.
/// </summary>
public sealed class Rfc9421ReaderTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private const long Created = 1618884473;
    private const string Body = "{\"hello\": \"world\"}";
    private const string ContentDigest = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";
    private const string B25Input = "sig-b25=(\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"";
    private const string B25Signature = "sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:";
    private const string B26Input = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    private const string B26Signature = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";

    private readonly IssuerFixture _fixture;
    private SignedApi _api = null!;

    public Rfc9421ReaderTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await SignedApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?>
    {
        ["ServiceAuth:SignedRequests:Keys:test-shared-secret:Algorithm"] = "hmac-sha256",
        ["ServiceAuth:SignedRequests:Keys:test-shared-secret:Secret"] = SignedKeys.RfcSharedSecret,
        ["ServiceAuth:SignedRequests:Keys:test-shared-secret:ServiceId"] = "rfc-hmac-peer",
        ["ServiceAuth:SignedRequests:Keys:test-key-ed25519:Algorithm"] = "ed25519",
        ["ServiceAuth:SignedRequests:Keys:test-key-ed25519:PublicKey"] = SignedKeys.Ed25519PublicKey,
        ["ServiceAuth:SignedRequests:Keys:test-key-ed25519:ServiceId"] = "rfc-ed25519-peer",
        ["ServiceAuth:SignedRequests:RequiredComponents:0"] = "@authority",
        ["ServiceAuth:SignedRequests:RequireNonce"] = "false",
        ["ServiceAuth:SignedRequests:RequireContentDigest"] = "false",
    }, new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Created + 1)), withDefaultKeys: false);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData(B25Input, B25Signature, "rfc-hmac-peer")]
    [InlineData(B26Input, B26Signature, "rfc-ed25519-peer")]
    public async Task The_RFCs_signed_test_request_proves_the_configured_key(string input, string signature, string service)
    {
        var response = await _api.SendAsync(TestRequest(input, signature));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = (await response.Content.ReadFromJsonAsync<SignedCaller>())!;
        Assert.Equal(service, caller.Service);
        Assert.Equal(nameof(ServiceCredentialKind.SignedRequest), caller.Credential);
    }

    [Theory]
    [InlineData(B25Input, B25Signature, "Date", "Tue, 20 Apr 2021 02:07:56 GMT")]
    [InlineData(B26Input, B26Signature, "Date", "Tue, 20 Apr 2021 02:07:56 GMT")]
    [InlineData(B25Input, B25Signature, "Content-Type", "text/plain")]
    public async Task The_RFCs_request_with_one_covered_field_changed_is_refused(string input, string signature, string header, string value)
    {
        var request = TestRequest(input, signature);
        if (header == "Date")
        {
            request.Headers.Remove("Date");
            request.Headers.TryAddWithoutValidation("Date", value);
        }
        else
        {
            request.Content!.Headers.Remove(header);
            request.Content.Headers.TryAddWithoutValidation(header, value);
        }

        await ProblemAssert.IsProblemAsync(await _api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureInvalid);
    }

    [Fact]
    public async Task The_RFCs_signed_request_after_max_age_is_expired()
    {
        _api.Time.Advance(TimeSpan.FromMinutes(6));

        await ProblemAssert.IsProblemAsync(await _api.SendAsync(TestRequest(B26Input, B26Signature)), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureExpired);
    }

    [Fact]
    public async Task The_RFCs_content_digest_of_the_test_request_holds_when_covered_and_a_changed_body_does_not()
    {
        var request = TestRequest(null, null);
        RequestSigning.Sign(request, _api.Time.GetUtcNow(), "test-key-ed25519", SignedKeys.Signing("test-key-ed25519"), ["@method", "@authority", "@path", "content-digest"], nonce: null);
        var tampered = TestRequest(null, null, "{\"hello\": \"World\"}");
        RequestSigning.Sign(tampered, _api.Time.GetUtcNow(), "test-key-ed25519", SignedKeys.Signing("test-key-ed25519"), ["@method", "@authority", "@path", "content-digest"], nonce: null);

        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(request)).StatusCode);
        await ProblemAssert.IsProblemAsync(await _api.SendAsync(tampered), HttpStatusCode.Unauthorized, AuthErrorCodes.ContentDigestMismatch);
    }

    /// <summary>RFC 9421 B.2 test-request: POST /foo?param=Value&amp;Pet=dog on example.com, with the given signature headers.</summary>
    private static HttpRequestMessage TestRequest(string? input, string? signature, string body = Body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://example.com/foo?param=Value&Pet=dog")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Headers.TryAddWithoutValidation("Date", "Tue, 20 Apr 2021 02:07:55 GMT");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Content.Headers.TryAddWithoutValidation("Content-Digest", ContentDigest);
        if (input is not null)
        {
            request.Headers.TryAddWithoutValidation("Signature-Input", input);
            request.Headers.TryAddWithoutValidation("Signature", signature);
        }

        return request;
    }
}
