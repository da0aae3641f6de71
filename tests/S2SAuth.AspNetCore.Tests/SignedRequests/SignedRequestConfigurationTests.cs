using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.SignedRequests.Framework;
using S2SAuth.Replay;
using static S2SAuth.AspNetCore.Tests.SignedRequests.Framework.RequestSigning;

namespace S2SAuth.AspNetCore.Tests.SignedRequests;

/// <summary>
/// Signed requests' configuration and shared state: inert without keys, start-up validation with messages that never
/// hold key material, the body bound (413), the replay store shared by two instances, and a store that cannot answer (503).
/// </summary>
public sealed class SignedRequestConfigurationTests : IClassFixture<IssuerFixture>
{
    private const string Body = "{\"orderId\":\"o-1\"}";
    private readonly IssuerFixture _fixture;

    public SignedRequestConfigurationTests(IssuerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Without_keys_the_feature_is_inert_a_signature_is_not_read_and_a_signed_only_endpoint_finds_no_credential()
    {
        await using var api = await SignedApi.StartAsync(_fixture.Issuer, withDefaultKeys: false);
        var now = api.Time.GetUtcNow();

        var token = await api.SendAsync(Signed(HttpMethod.Get, api.Uri("/token"), now));
        var signed = await api.SendAsync(Signed(HttpMethod.Get, api.Uri("/signed"), now));

        await ProblemAssert.IsProblemAsync(token, HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
        await ProblemAssert.IsProblemAsync(signed, HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialMissing);
    }

    [Fact]
    public async Task A_replayed_request_is_refused_by_another_instance_sharing_the_replay_store()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var shared = new MemoryReplayStore(Options.Create(new ReplayOptions()), time, NullLogger<MemoryReplayStore>.Instance);
        await using var first = await SignedApi.StartAsync(_fixture.Issuer, time: time, replay: shared);
        await using var second = await SignedApi.StartAsync(_fixture.Issuer, time: time, replay: shared);
        var request = Signed(HttpMethod.Post, first.Uri("/signed"), time.GetUtcNow(), body: Body, nonce: "cross-instance-1");
        var replayed = SignedRequestTests.Copy(request, HttpMethod.Post, second.Uri("/signed"));

        Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(request)).StatusCode);
        await ProblemAssert.IsProblemAsync(await second.SendAsync(replayed), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureReplayed);
    }

    [Fact]
    public async Task A_nonce_is_remembered_while_its_signature_could_be_accepted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var shared = new MemoryReplayStore(Options.Create(new ReplayOptions()), time, NullLogger<MemoryReplayStore>.Instance);
        await using var api = await SignedApi.StartAsync(_fixture.Issuer, time: time, replay: shared);
        var created = time.GetUtcNow();
        var request = Signed(HttpMethod.Get, api.Uri("/signed"), created, nonce: "window-1", expires: created.ToUnixTimeSeconds() + 3600);

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(request)).StatusCode);
        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(29));
        await ProblemAssert.IsProblemAsync(await api.SendAsync(SignedRequestTests.Copy(request, HttpMethod.Get, request.RequestUri!)), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureReplayed);
        time.Advance(TimeSpan.FromSeconds(2));
        await ProblemAssert.IsProblemAsync(await api.SendAsync(SignedRequestTests.Copy(request, HttpMethod.Get, request.RequestUri!)), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureExpired);
    }

    [Fact]
    public async Task A_replay_store_that_cannot_answer_refuses_with_503_after_the_signature_holds()
    {
        var store = new UnavailableReplayStore();
        await using var api = await SignedApi.StartAsync(_fixture.Issuer, replay: store);
        var now = api.Time.GetUtcNow();
        using var stranger = SignedKeys.Stranger(SignedKeys.Ed25519Id);

        await ProblemAssert.IsProblemAsync(await api.SendAsync(Signed(HttpMethod.Get, api.Uri("/signed"), now, key: stranger)), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureInvalid);
        Assert.Equal(0, store.Calls);
        var response = await api.SendAsync(Signed(HttpMethod.Get, api.Uri("/signed"), now));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.ReplayCheckUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task A_body_over_the_bound_is_refused_with_413_whether_its_length_is_declared_or_not()
    {
        await using var api = await SignedApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { ["ServiceAuth:SignedRequests:MaxBodyBytes"] = "1024" });
        var now = api.Time.GetUtcNow();
        var large = "{\"pad\":\"" + new string('a', 2048) + "\"}";

        var declared = await api.SendAsync(Signed(HttpMethod.Post, api.Uri("/signed"), now, body: large));
        var chunked = Signed(HttpMethod.Post, api.Uri("/signed"), now, body: large);
        chunked.Content = Chunked(chunked.Content!, large);
        var small = Signed(HttpMethod.Post, api.Uri("/signed"), now, body: Body);
        small.Content = Chunked(small.Content!, Body);

        await ProblemAssert.IsProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, AuthErrorCodes.ContentDigestTooLarge);
        await ProblemAssert.IsProblemAsync(await api.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge, AuthErrorCodes.ContentDigestTooLarge);
        var accepted = await api.SendAsync(small);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(Body, (await accepted.Content.ReadFromJsonAsync<SignedCaller>())!.Body);
    }

    [Fact]
    public async Task Keys_load_from_a_PEM_file_and_an_rsa_pss_key_is_accepted()
    {
        using var rsa = RSA.Create(2048);
        var path = Path.Combine(Path.GetTempPath(), "s2sauth-signed-" + Guid.NewGuid().ToString("N") + ".pem");
        await File.WriteAllTextAsync(path, rsa.ExportSubjectPublicKeyInfoPem());
        try
        {
            await using var api = await SignedApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?>
            {
                ["ServiceAuth:SignedRequests:Keys:rsa-key:Algorithm"] = "rsa-pss-sha512",
                ["ServiceAuth:SignedRequests:Keys:rsa-key:PublicKeyPath"] = path,
                ["ServiceAuth:SignedRequests:Keys:rsa-key:ServiceId"] = "legacy-service",
                ["ServiceAuth:SignedRequests:Keys:rsa-key:Scopes:0"] = SignedApi.Activity,
            });
            using var signing = new S2SAuth.Client.Signatures.RsaPssSha512SignatureKey("rsa-key", CopyOf(rsa), hasPrivateKey: true);

            var response = await api.SendAsync(Signed(HttpMethod.Post, api.Uri("/signed"), api.Time.GetUtcNow(), "rsa-key", Body, key: signing));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("legacy-service", (await response.Content.ReadFromJsonAsync<SignedCaller>())!.Service);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, string, string, string> BadKeys()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        var privatePem = ec.ExportECPrivateKeyPem();
        var shortSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        return new()
        {
            { "ed25519", "PublicKey", "not-a-key", "is not an Ed25519 public key" },
            { "ecdsa-p256-sha256", "PublicKey", rsa.ExportSubjectPublicKeyInfoPem(), "is not a P-256 public key" },
            { "ecdsa-p256-sha256", "PublicKey", p384.ExportSubjectPublicKeyInfoPem(), "is not a P-256 public key" },
            { "ecdsa-p256-sha256", "PublicKey", privatePem, "is not a P-256 public key" },
            { "hmac-sha256", "Secret", shortSecret, "at least 32 random bytes" },
            { "hmac-sha256", "PublicKey", ec.ExportSubjectPublicKeyInfoPem(), "give its Secret" },
            { "ed25519", "Secret", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "not a Secret" },
            { "rsa-v1_5-sha256", "PublicKey", rsa.ExportSubjectPublicKeyInfoPem(), "needs an Algorithm" },
            { "ed25519", "PublicKeyPath", "/nonexistent/s2sauth/key.pem", "cannot be read" },
        };
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_key_that_does_not_load_stops_the_start_with_a_message_naming_it_and_never_its_material(string algorithm, string setting, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SignedApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?>
        {
            ["ServiceAuth:SignedRequests:Keys:bad-key:Algorithm"] = algorithm,
            [$"ServiceAuth:SignedRequests:Keys:bad-key:{setting}"] = value,
            ["ServiceAuth:SignedRequests:Keys:bad-key:ServiceId"] = "some-service",
        }, withDefaultKeys: false));

        Assert.Contains("ServiceAuth:SignedRequests:Keys:bad-key ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        foreach (var line in value.Split('\n').Where(l => l.Length > 8 && !l.StartsWith("-----", StringComparison.Ordinal) && !l.StartsWith('/')))
        {
            Assert.DoesNotContain(line.Trim(), error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ServiceAuth:SignedRequests:Keys:orders-ed25519:ServiceId", "", "ServiceId must name the service")]
    [InlineData("ServiceAuth:SignedRequests:MaxAge", "00:00:00", "MaxAge must be more than zero")]
    [InlineData("ServiceAuth:SignedRequests:ClockSkew", "00:10:00", "ClockSkew must be between")]
    [InlineData("ServiceAuth:SignedRequests:MaxBodyBytes", "-1", "MaxBodyBytes must be between")]
    [InlineData("ServiceAuth:SignedRequests:RequiredComponents:0", "@query-param", "is not a component S2SAuth covers")]
    [InlineData("ServiceAuth:SignedRequests:Label", "Sig 1", "Label must be a structured-field key")]
    public async Task Other_invalid_settings_stop_the_start_with_a_clear_message(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SignedApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SignedKeys.HmacSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_path_base_the_signature_covers_the_full_path_the_client_sent()
    {
        await using var api = await SignedApi.StartAsync(_fixture.Issuer, pathBase: "/pricing");
        var now = api.Time.GetUtcNow();
        var full = Signed(HttpMethod.Get, api.Uri("/pricing/signed"), now);
        var stripped = Signed(HttpMethod.Get, api.Uri("/signed"), now);

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(full)).StatusCode);
        await ProblemAssert.IsProblemAsync(await api.SendAsync(SignedRequestTests.Copy(stripped, HttpMethod.Get, api.Uri("/pricing/signed"))),
            HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureInvalid);
    }

    [Fact]
    public async Task A_configured_label_is_the_only_signature_considered()
    {
        await using var api = await SignedApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { ["ServiceAuth:SignedRequests:Label"] = "s2s" });
        var now = api.Time.GetUtcNow();

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(Signed(HttpMethod.Get, api.Uri("/signed"), now, label: "s2s"))).StatusCode);
        await ProblemAssert.IsProblemAsync(await api.SendAsync(Signed(HttpMethod.Get, api.Uri("/signed"), now, label: "sig1")), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureMalformed);
    }

    [Fact]
    public async Task Required_expires_refuses_a_signature_without_one()
    {
        await using var api = await SignedApi.StartAsync(_fixture.Issuer, new Dictionary<string, string?> { ["ServiceAuth:SignedRequests:RequireExpires"] = "true" });
        var request = new HttpRequestMessage(HttpMethod.Get, api.Uri("/signed"));
        using var key = SignedKeys.Signing(SignedKeys.Ed25519Id);
        var parameters = S2SAuth.Client.Signatures.SignatureParameters.Create(Components, api.Time.GetUtcNow().ToUnixTimeSeconds(), SignedKeys.Ed25519Id, expires: null, nonce: "n-exp");
        Assert.True(S2SAuth.Client.Signatures.MessageSigner.TrySign(request, parameters, key, "sig1", out _));

        var problem = await ProblemAssert.IsProblemAsync(await api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureComponentsMissing);
        Assert.Equal("expires", problem.GetProperty("claim").GetString());
    }

    private static HttpContent Chunked(HttpContent signed, string body)
    {
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(body)));
        foreach (var (name, values) in signed.Headers)
        {
            if (name != "Content-Length")
            {
                content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        content.Headers.ContentLength = null;
        return content;
    }

    private static RSA CopyOf(RSA rsa)
    {
        var copy = RSA.Create();
        copy.ImportParameters(rsa.ExportParameters(includePrivateParameters: true));
        return copy;
    }

    private sealed class UnavailableReplayStore : IReplayStore
    {
        public int Calls;

        public ValueTask<ReplayCheck> TryFirstUseAsync(ReplayKey key, DateTimeOffset until, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return ValueTask.FromResult(ReplayCheck.Unavailable);
        }
    }

    /// <summary>A body of unknown length (sent chunked over HTTP/1.1).</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
