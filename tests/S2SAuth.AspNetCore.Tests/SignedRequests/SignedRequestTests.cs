using System.Net;
using System.Net.Http.Json;
using System.Text;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.SignedRequests.Framework;
using static S2SAuth.AspNetCore.Tests.SignedRequests.Framework.RequestSigning;

namespace S2SAuth.AspNetCore.Tests.SignedRequests;

/// <summary>
/// Signed requests (RFC 9421 + RFC 9530) through the real pipeline: a valid signature by each algorithm proves the
/// key's service and RequireActivity decides as for a token; every tampering and every missing piece is refused with
/// its exact status and code, never a 500; the endpoint reads the same body; nothing secret reaches the logs.
/// </summary>
public sealed class SignedRequestTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private const string Body = "{\"orderId\":\"o-1\",\"amount\":42}";
    private readonly IssuerFixture _fixture;
    private SignedApi _api = null!;

    public SignedRequestTests(IssuerFixture fixture) => _fixture = fixture;

    private DateTimeOffset Now => _api.Time.GetUtcNow();

    public async Task InitializeAsync() => _api = await SignedApi.StartAsync(_fixture.Issuer);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData(SignedKeys.Ed25519Id, "orders-service", null)]
    [InlineData(SignedKeys.EcdsaId, "orders-service", null)]
    [InlineData(SignedKeys.HmacId, "billing-service", "tenant_42")]
    public async Task A_valid_signature_proves_the_keys_service_with_its_scopes_and_the_endpoint_reads_the_same_body(string keyId, string service, string? tenant)
    {
        var response = await _api.SendAsync(Signed(HttpMethod.Post, _api.Uri("/signed?currency=EUR&x=1"), Now, keyId, Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = (await response.Content.ReadFromJsonAsync<SignedCaller>())!;
        Assert.Equal(service, caller.Service);
        Assert.Equal(nameof(ServiceCredentialKind.SignedRequest), caller.Credential);
        Assert.Contains(SignedApi.Activity, caller.Scopes);
        Assert.Equal(tenant, caller.KeyTenant);
        Assert.Equal(tenant, caller.Tenant);
        Assert.Equal(Body, caller.Body);
        var decision = Assert.Single(_api.Audit.Events);
        Assert.Equal(AuditOutcome.Allowed, decision.Outcome);
        Assert.Equal(ServiceCredentialKind.SignedRequest, decision.ServiceCredential);
        Assert.Equal(service, decision.ServiceId);
    }

    [Fact]
    public async Task A_signed_request_without_a_body_needs_no_content_digest()
    {
        var response = await _api.SendAsync(Signed(HttpMethod.Get, _api.Uri("/signed"), Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, (await response.Content.ReadFromJsonAsync<SignedCaller>())!.Body);
    }

    [Fact]
    public async Task A_key_whose_service_lacks_the_activity_is_identified_and_refused_403()
    {
        var response = await _api.SendAsync(Signed(HttpMethod.Get, _api.Uri("/signed"), Now, SignedKeys.NoScopeId));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
        var decision = Assert.Single(_api.Audit.Events);
        Assert.Equal("audit-service", decision.ServiceId);
        Assert.Equal(ServiceCredentialKind.SignedRequest, decision.ServiceCredential);
    }

    [Fact]
    public async Task The_same_key_proves_its_service_on_an_endpoint_without_an_activity()
    {
        var response = await _api.SendAsync(Signed(HttpMethod.Get, _api.Uri("/signed/open"), Now, SignedKeys.NoScopeId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audit-service", (await response.Content.ReadFromJsonAsync<SignedCaller>())!.Service);
    }

    [Fact]
    public async Task An_endpoint_with_the_default_policy_refuses_a_signed_request_as_not_accepted()
    {
        var response = await _api.SendAsync(Signed(HttpMethod.Post, _api.Uri("/token"), Now, body: Body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CredentialNotAccepted);
        Assert.Contains("HTTP message signature", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_body_is_refused_as_a_digest_mismatch_and_does_not_burn_the_nonce()
    {
        const string nonce = "nonce-tamper-1";
        var tampered = Signed(HttpMethod.Post, _api.Uri("/signed"), Now, body: Body, nonce: nonce);
        tampered.Content = Replace(tampered.Content!, Body.Replace("42", "4200", StringComparison.Ordinal));

        await ProblemAssert.IsProblemAsync(await _api.SendAsync(tampered), HttpStatusCode.Unauthorized, AuthErrorCodes.ContentDigestMismatch);

        var genuine = await _api.SendAsync(Signed(HttpMethod.Post, _api.Uri("/signed"), Now, body: Body, nonce: nonce));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public async Task A_body_without_a_content_digest_is_refused()
    {
        var request = Signed(HttpMethod.Post, _api.Uri("/signed"), Now, components: Components);
        request.Content = new StringContent(Body, Encoding.UTF8, "application/json");
        Sign(request, Now, SignedKeys.Ed25519Id, null, Components);

        await ProblemAssert.IsProblemAsync(await _api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.ContentDigestMissing);
    }

    [Fact]
    public async Task A_body_whose_digest_the_signature_does_not_cover_is_refused()
    {
        var request = Signed(HttpMethod.Post, _api.Uri("/signed"), Now, body: Body, components: Components);

        var problem = await ProblemAssert.IsProblemAsync(await _api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureComponentsMissing);
        Assert.Equal("Signature-Input", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task A_malformed_content_digest_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _api.Uri("/signed")) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Content.Headers.TryAddWithoutValidation("Content-Digest", "md5=:AAAA:");
        Sign(request, Now, SignedKeys.Ed25519Id, null, [.. Components, "content-digest"]);

        await ProblemAssert.IsProblemAsync(await _api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.ContentDigestMalformed);
    }

    public static TheoryData<string, string, string> Retargets() => new()
    {
        { "method", "PUT", "/signed?currency=EUR" },
        { "path", "POST", "/signed/open?currency=EUR" },
        { "query", "POST", "/signed?currency=USD" },
        { "query added", "POST", "/signed?currency=EUR&admin=1" },
    };

    [Theory]
    [MemberData(nameof(Retargets))]
    public async Task A_request_sent_with_another_method_path_or_query_than_signed_is_refused(string what, string method, string pathAndQuery)
    {
        var signed = Signed(HttpMethod.Post, _api.Uri("/signed?currency=EUR"), Now, body: Body);
        var sent = Copy(signed, new HttpMethod(method), _api.Uri(pathAndQuery));

        var response = await _api.SendAsync(sent);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureInvalid);
        Assert.NotNull(what);
    }

    [Fact]
    public async Task A_request_signed_for_another_authority_is_refused()
    {
        var signed = Signed(HttpMethod.Post, new Uri("http://payments.internal/signed"), Now, body: Body);

        var response = await _api.SendAsync(Copy(signed, HttpMethod.Post, _api.Uri("/signed")));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureInvalid);
    }

    [Fact]
    public async Task A_signature_by_another_key_under_a_configured_keyid_is_refused()
    {
        using var stranger = SignedKeys.Stranger(SignedKeys.Ed25519Id);

        var response = await _api.SendAsync(Signed(HttpMethod.Post, _api.Uri("/signed"), Now, body: Body, key: stranger));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureInvalid);
    }

    [Fact]
    public async Task An_unknown_keyid_is_refused()
    {
        using var stranger = SignedKeys.Stranger("unknown-key");

        var response = await _api.SendAsync(Signed(HttpMethod.Post, _api.Uri("/signed"), Now, "unknown-key", Body, key: stranger));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureKeyUnknown);
        Assert.Equal("keyid", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task A_signature_created_longer_ago_than_max_age_is_expired()
    {
        var created = Now.AddMinutes(-6).ToUnixTimeSeconds();

        var response = await _api.SendAsync(Signed(HttpMethod.Post, _api.Uri("/signed"), Now, body: Body, created: created, expires: created + 3600));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureExpired);
    }

    [Fact]
    public async Task A_signature_whose_expires_has_passed_is_expired()
    {
        var created = Now.AddSeconds(-100).ToUnixTimeSeconds();

        var response = await _api.SendAsync(Signed(HttpMethod.Get, _api.Uri("/signed"), Now, created: created, expires: created + 60));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureExpired);
    }

    [Fact]
    public async Task A_signature_created_in_the_future_beyond_the_skew_is_not_yet_valid_and_within_it_is_accepted()
    {
        var future = Now.AddSeconds(31).ToUnixTimeSeconds();
        var refused = await _api.SendAsync(Signed(HttpMethod.Get, _api.Uri("/signed"), Now, created: future));
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureNotYetValid);

        var withinSkew = await _api.SendAsync(Signed(HttpMethod.Get, _api.Uri("/signed"), Now, created: Now.AddSeconds(29).ToUnixTimeSeconds()));
        Assert.Equal(HttpStatusCode.OK, withinSkew.StatusCode);
    }

    [Fact]
    public async Task A_signature_without_a_nonce_is_refused()
    {
        var response = await _api.SendAsync(Signed(HttpMethod.Get, _api.Uri("/signed"), Now, nonce: null));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureComponentsMissing);
        Assert.Equal("nonce", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task A_replayed_request_is_refused_the_second_time()
    {
        var first = Signed(HttpMethod.Post, _api.Uri("/signed"), Now, body: Body, nonce: "replay-1");
        var again = Copy(first, HttpMethod.Post, first.RequestUri!);

        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(first)).StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(await _api.SendAsync(again), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureReplayed);
        Assert.Equal("nonce", problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task The_same_nonce_under_another_key_is_not_a_replay()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(Signed(HttpMethod.Get, _api.Uri("/signed"), Now, SignedKeys.Ed25519Id, nonce: "shared-nonce"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(Signed(HttpMethod.Get, _api.Uri("/signed"), Now, SignedKeys.EcdsaId, nonce: "shared-nonce"))).StatusCode);
    }

    [Fact]
    public async Task A_signature_input_without_a_signature_and_the_reverse_are_malformed()
    {
        var noSignature = Signed(HttpMethod.Get, _api.Uri("/signed"), Now);
        noSignature.Headers.Remove("Signature");
        var noInput = Signed(HttpMethod.Get, _api.Uri("/signed"), Now);
        noInput.Headers.Remove("Signature-Input");

        var first = await ProblemAssert.IsProblemAsync(await _api.SendAsync(noSignature), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureMalformed);
        var second = await ProblemAssert.IsProblemAsync(await _api.SendAsync(noInput), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureMalformed);
        Assert.Equal("Signature", first.GetProperty("claim").GetString());
        Assert.Equal("Signature-Input", second.GetProperty("claim").GetString());
    }

    [Theory]
    [InlineData("Signature-Input")]
    [InlineData("Signature")]
    public async Task A_label_sent_twice_in_a_repeated_header_is_malformed(string header)
    {
        var request = Signed(HttpMethod.Get, _api.Uri("/signed"), Now);
        var other = Signed(HttpMethod.Get, _api.Uri("/signed"), Now);
        request.Headers.TryAddWithoutValidation(header, other.Headers.GetValues(header).Single());

        var problem = await ProblemAssert.IsProblemAsync(await _api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureMalformed);
        Assert.Equal(header, problem.GetProperty("claim").GetString());
    }

    [Fact]
    public async Task A_second_signature_under_another_label_from_an_unknown_key_does_not_hide_a_valid_one()
    {
        using var proxy = SignedKeys.Stranger("proxy-key");
        var request = Signed(HttpMethod.Get, _api.Uri("/signed"), Now);
        var proxied = Signed(HttpMethod.Get, _api.Uri("/signed"), Now, "proxy-key", key: proxy, label: "proxy");
        request.Headers.TryAddWithoutValidation("Signature-Input", proxied.Headers.GetValues("Signature-Input").Single());
        request.Headers.TryAddWithoutValidation("Signature", proxied.Headers.GetValues("Signature").Single());

        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("Signature-Input")]
    [InlineData("Signature")]
    public async Task An_oversized_signature_field_is_malformed(string header)
    {
        var request = Signed(HttpMethod.Get, _api.Uri("/signed"), Now);
        request.Headers.TryAddWithoutValidation(header, "pad=:" + Convert.ToBase64String(new byte[7000]) + ":");

        await ProblemAssert.IsProblemAsync(await _api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureMalformed);
    }

    [Theory]
    [InlineData("sig1=(\"@method\" \"@authority\" \"@path\" \"@query\";created=1")]
    [InlineData("sig1=:AAAA:")]
    [InlineData("sig1=(\"@method\" \"@authority\" \"@path\" \"@query\");created=1.5;keyid=\"orders-ed25519\"")]
    [InlineData("sig1=(@method);keyid=\"orders-ed25519\"")]
    public async Task A_signature_input_that_is_not_a_valid_dictionary_is_malformed(string input)
    {
        var request = Signed(HttpMethod.Get, _api.Uri("/signed"), Now);
        request.Headers.Remove("Signature-Input");
        request.Headers.TryAddWithoutValidation("Signature-Input", input);

        await ProblemAssert.IsProblemAsync(await _api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureMalformed);
    }

    [Theory]
    [InlineData("@method")]
    [InlineData("@authority")]
    [InlineData("@path")]
    [InlineData("@query")]
    public async Task A_signature_that_does_not_cover_a_required_component_is_refused(string left)
    {
        var request = Signed(HttpMethod.Get, _api.Uri("/signed"), Now, components: Components.Where(c => c != left).ToArray());

        await ProblemAssert.IsProblemAsync(await _api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureComponentsMissing);
    }

    [Fact]
    public async Task A_signature_covering_a_header_the_request_does_not_carry_is_invalid()
    {
        var request = Signed(HttpMethod.Get, _api.Uri("/signed"), Now, components: [.. Components]);
        request.Headers.TryAddWithoutValidation("X-Order", "o-1");
        Sign(request, Now, SignedKeys.Ed25519Id, null, [.. Components, "x-order"]);
        request.Headers.Remove("X-Order");

        await ProblemAssert.IsProblemAsync(await _api.SendAsync(request), HttpStatusCode.Unauthorized, AuthErrorCodes.RequestSignatureInvalid);
    }

    [Fact]
    public async Task Nothing_secret_reaches_the_logs()
    {
        var request = Signed(HttpMethod.Post, _api.Uri("/signed"), Now, SignedKeys.HmacId, Body, nonce: "log-nonce-value");
        var signature = request.Headers.GetValues("Signature").Single();
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(request)).StatusCode);
        using var stranger = SignedKeys.Stranger(SignedKeys.Ed25519Id);
        var forged = Signed(HttpMethod.Post, _api.Uri("/signed"), Now, body: Body, key: stranger);
        var forgedSignature = forged.Headers.GetValues("Signature").Single();
        await _api.SendAsync(forged);

        var logs = _api.Logs.AllText();
        Assert.Contains(SignedKeys.HmacId, logs, StringComparison.Ordinal);
        Assert.Contains(AuthErrorCodes.RequestSignatureInvalid, logs, StringComparison.Ordinal);
        foreach (var secret in new[]
        {
            SignedKeys.HmacSecret, SignedKeys.Ed25519PublicKey, SignedKeys.Ed25519PrivateKey, Base64Of(signature), Base64Of(forgedSignature), Body, "orderId",
        })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    private static string Base64Of(string member) => member[(member.IndexOf(':', StringComparison.Ordinal) + 1)..].TrimEnd(':');

    private static HttpContent Replace(HttpContent original, string body)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.TryAddWithoutValidation("Content-Digest", original.Headers.GetValues("Content-Digest"));
        return content;
    }

    /// <summary>A copy of a signed request's headers and body, sent with <paramref name="method"/> to <paramref name="uri"/>.</summary>
    internal static HttpRequestMessage Copy(HttpRequestMessage signed, HttpMethod method, Uri uri)
    {
        var copy = new HttpRequestMessage(method, uri);
        foreach (var (name, values) in signed.Headers)
        {
            if (name != "Host")
            {
                copy.Headers.TryAddWithoutValidation(name, values);
            }
        }

        if (signed.Content is { } content)
        {
            var bytes = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            copy.Content = new ByteArrayContent(bytes);
            foreach (var (name, values) in content.Headers)
            {
                if (name != "Content-Length")
                {
                    copy.Content.Headers.TryAddWithoutValidation(name, values);
                }
            }
        }

        return copy;
    }
}
