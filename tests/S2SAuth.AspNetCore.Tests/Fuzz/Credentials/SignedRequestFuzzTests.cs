using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.SignedRequests.Framework;
using S2SAuth.Client.Signatures;
using static S2SAuth.AspNetCore.Tests.SignedRequests.Framework.RequestSigning;

namespace S2SAuth.AspNetCore.Tests.Fuzz.Credentials;

/// <summary>
/// Hostile RFC 9421 / RFC 9530 headers through the real pipeline (<see cref="SignedApi"/>, TestServer): a validly signed
/// request whose Signature-Input, Signature or Content-Digest is mutated (as text, or with structured-field pieces spliced
/// in: inner lists, parameters, byte sequences, strings, unknown parameters, huge and negative numbers), removed or sent
/// twice, or whose body is changed. Each answer is the caller or a 4xx problem with a documented code, never a 500 or a hang.
/// </summary>
public sealed class SignedRequestFuzzTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private const string Body = "{\"orderId\":\"o-1\",\"amount\":42}";

    /// <summary>Structured-field pieces (RFC 8941) and RFC 9421 parameters to splice into a header.</summary>
    private static readonly string[] Pieces =
    [
        "(", ")", "()", "(\"@method\" \"@path\")", "\"", "\"\"", "\\\"", ":", "::", ":AAAA:", ":====:", ":not base64!:", ";", "=", ",", ", ",
        ";created=99999999999999999999", ";created=-1", ";created=1.5", ";created=0", ";expires=999999999999999", ";expires=\"x\"",
        ";keyid=\"orders-ed25519\"", ";keyid=\"billing-hmac\"", ";keyid=\"unknown\"", ";keyid=orders-ed25519", ";alg=\"hmac-sha256\"",
        ";alg=\"rsa-v1_5-sha256\"", ";nonce=\"\"", ";tag=\"x\"", ";unknown=?1", ";x", ";bs", ";sf", ";key=\"a\"", ";req", "*", "?0", "?1",
        "sig2=", "sig1=", "sig1=()", "sha-256=", "sha-512=:AAAA:", "unixtime=1", "\"@query-param\";name=\"a\"", "\"@status\"",
        "\"content-digest\"", "\"@authority\"", "\"@target-uri\"", "\"@request-target\"", "\"X-Service-Token\"", "1e3", "-0", "999999999999999999999",
        new string('(', 200), new string('a', 5000), ":" + new string('A', 8000) + ":",
    ];

    private readonly IssuerFixture _fixture;
    private SignedApi _api = null!;

    public SignedRequestFuzzTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await SignedApi.StartAsync(_fixture.Issuer);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    /// <summary>A change to a header: text edits or a random value, or structured-field pieces spliced in at positions.</summary>
    private sealed record Splice(HostileText.Change? Text, (int At, string Piece)[] Pieces)
    {
        public string Apply(string valid)
        {
            if (Text is not null)
            {
                return Text.Apply(valid);
            }

            var text = valid;
            foreach (var (at, piece) in Pieces)
            {
                text = text.Insert(at % (text.Length + 1), piece);
            }

            return text;
        }

        public override string ToString() => Text?.ToString() ?? "spliced " + string.Join(' ', Pieces.Select(static p => $"{p.At}:{(p.Piece.Length > 40 ? p.Piece[..40] + "..." : p.Piece)}"));
    }

    [Fact]
    public async Task Hostile_signature_headers_are_the_caller_or_a_documented_refusal()
    {
        var splice = Gen.Frequency(
            (1, HostileText.Hostile(HostileText.AnyChar).Select(c => new Splice(c, []))),
            (1, Gen.Select(Gen.Int[0, 1 << 20], Gen.OneOf(Pieces)).Array[1, 4].Select(p => new Splice(null, p))));
        // Which key signs, which header (0 Signature-Input, 1 Signature, 2 Content-Digest, 3 the body), how (0 change, 1 remove, 2 send twice).
        var gen = Gen.Select(Gen.OneOf(SignedKeys.Ed25519Id, SignedKeys.EcdsaId, SignedKeys.HmacId), Gen.Int[0, 3], Gen.Int[0, 2], splice);

        await FuzzRun.CheckAsync(gen, async c =>
        {
            var (keyId, header, how, change) = c;
            var request = Signed(HttpMethod.Post, _api.Uri("/signed?currency=EUR"), _api.Time.GetUtcNow(), keyId, Body);
            var headers = header == 2 ? (HttpHeaders)request.Content!.Headers : request.Headers;
            var name = header switch { 0 => "Signature-Input", 1 => "Signature", _ => ContentDigest.HeaderName };
            if (header == 3)
            {
                var body = new ByteArrayContent(Encoding.UTF8.GetBytes(change.Apply(Body)));
                foreach (var (key, values) in request.Content!.Headers)
                {
                    body.Headers.TryAddWithoutValidation(key, values);
                }

                body.Headers.ContentLength = null;
                request.Content = body;
            }
            else
            {
                var valid = headers.GetValues(name).Single();
                headers.Remove(name);
                if (how != 1)
                {
                    headers.TryAddWithoutValidation(name, how == 2 ? [valid, change.Apply(valid)] : [change.Apply(valid)]);
                }
            }

            using (request)
            {
                using var response = await FuzzRun.SendAsync(_api.Client, request);
                await FuzzRun.SuccessOrRefusalAsync(response, _api.Logs);
            }
        }, print: c => $"{c.Item1} header#{c.Item2} how {c.Item3} {c.Item4}");
    }
}
