using System.Net;
using System.Net.Http.Json;
using System.Text;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Tests.Signing;

/// <summary>
/// Signed requests over real Kestrel on 127.0.0.1: the receiver rebuilds each request from what arrived on the wire and
/// verifies it with the core's <see cref="MessageVerifier"/> and <see cref="ContentDigest"/>.
/// </summary>
public sealed class RequestSigningTests : IAsyncLifetime
{
    private readonly TestSigningKeys _keys = new();
    private readonly SigningClients _clients = new();
    private SigningServer _server = null!;

    public async Task InitializeAsync() => _server = await SigningServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _clients.DisposeAsync();
        _keys.Dispose();
    }

    public static TheoryData<string> Algorithms => new()
    {
        SignatureAlgorithms.Ed25519, SignatureAlgorithms.EcdsaP256Sha256, SignatureAlgorithms.HmacSha256, SignatureAlgorithms.RsaPssSha512,
    };

    private (HttpClient Client, SignatureKey Verifier) Client(string algorithm, Action<RequestSigningOptions>? configure = null, Action<IHttpClientBuilder>? builder = null)
    {
        var (material, verifier) = TestSigningKeys.Create(algorithm);
        return (_clients.Create(_server.BaseUri, _keys.Settings(algorithm, material), configure, builder), verifier);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_signed_post_verifies_with_each_algorithm_and_its_digest_matches_the_bytes_received(string algorithm)
    {
        var (client, verifier) = Client(algorithm);
        using var _ = verifier;

        var response = await client.PostAsJsonAsync("/orders/42/confirm?tenant=acme&x=1", new { qty = 3, note = "é" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_server.Requests);
        var result = received.Verify(verifier, _clients.Time, required: ["@method", "@authority", "@path", "@query", "content-digest"]);
        Assert.Equal(SignatureFailure.None, result.Failure);
        Assert.Equal(SignatureFailure.None, received.VerifyDigest());
        Assert.Equal("{\"qty\":3,\"note\":\"\\u00E9\"}", Encoding.UTF8.GetString(received.Body));
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Header("Content-Length"));
        Assert.StartsWith("sha-256=:", received.Header("Content-Digest"), StringComparison.Ordinal);

        var parameters = result.Parameters!;
        Assert.Equal(["@method", "@authority", "@path", "@query", "content-digest"], parameters.Components.Select(c => c.Text));
        Assert.Equal(_clients.Time.GetUtcNow().ToUnixTimeSeconds(), parameters.Created);
        Assert.Equal(parameters.Created + 60, parameters.Expires);
        Assert.Equal(TestSigningKeys.KeyId, parameters.KeyId);
        Assert.Equal(algorithm, parameters.Algorithm);
        Assert.Equal(22, parameters.Nonce!.Length); // 16 random bytes, base64url without padding
        Assert.DoesNotContain('=', parameters.Nonce);
    }

    [Fact]
    public async Task A_signature_made_with_another_key_or_over_a_tampered_body_does_not_verify()
    {
        var (client, _) = Client(SignatureAlgorithms.Ed25519);
        var (_, otherVerifier) = TestSigningKeys.Create(SignatureAlgorithms.Ed25519);
        using var other = otherVerifier;

        await client.PostAsync("/orders", new StringContent("{\"qty\":1}", Encoding.UTF8, "application/json"));

        var received = Assert.Single(_server.Requests);
        Assert.Equal(SignatureFailure.InvalidSignature, received.Verify(other, _clients.Time).Failure);
        Assert.Equal(SignatureFailure.DigestMismatch, ContentDigest.Verify(received.Header("Content-Digest"), Encoding.UTF8.GetBytes("{\"qty\":9}")));
    }

    [Fact]
    public async Task An_empty_get_has_no_content_digest_and_covers_the_empty_query()
    {
        var (client, verifier) = Client(SignatureAlgorithms.HmacSha256);
        using var _ = verifier;

        await client.GetAsync("/prices");

        var received = Assert.Single(_server.Requests);
        Assert.Null(received.Header("Content-Digest"));
        var result = received.Verify(verifier, _clients.Time);
        Assert.Equal(SignatureFailure.None, result.Failure);
        Assert.Equal(["@method", "@authority", "@path", "@query"], result.Parameters!.Components.Select(c => c.Text));
    }

    [Fact]
    public async Task A_streamed_body_is_buffered_once_and_sent_as_digested()
    {
        var (client, verifier) = Client(SignatureAlgorithms.EcdsaP256Sha256, o => o.DigestAlgorithm = "sha-512");
        using var _ = verifier;
        var payload = Encoding.UTF8.GetBytes(new string('x', 70_000));
        using var stream = new NonSeekableStream(payload);
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new("application/octet-stream");

        await client.PutAsync("/blobs/1", content);

        var received = Assert.Single(_server.Requests);
        Assert.Equal(payload, received.Body);
        Assert.StartsWith("sha-512=:", received.Header("Content-Digest"), StringComparison.Ordinal);
        Assert.Equal(SignatureFailure.None, received.VerifyDigest());
        Assert.Equal(SignatureFailure.None, received.Verify(verifier, _clients.Time, required: ["content-digest"]).Failure);
        Assert.Equal("application/octet-stream", received.Header("Content-Type"));
        Assert.Equal(1, stream.Reads);
    }

    [Fact]
    public async Task The_callers_content_is_disposed_with_the_request_not_before()
    {
        var (client, verifier) = Client(SignatureAlgorithms.HmacSha256);
        using var _ = verifier;
        var content = new TrackedContent("{\"qty\":1}");
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = content };

        await client.SendAsync(request);
        Assert.False(content.Disposed);
        request.Dispose();

        Assert.True(content.Disposed);
        Assert.Equal("{\"qty\":1}", Encoding.UTF8.GetString(Assert.Single(_server.Requests).Body));
    }

    [Fact]
    public async Task Existing_signature_headers_and_a_stale_content_digest_are_replaced()
    {
        var (client, verifier) = Client(SignatureAlgorithms.Ed25519);
        using var _ = verifier;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Signature-Input", "sig1=(\"@method\");created=1;keyid=\"forged\"");
        request.Content.Headers.TryAddWithoutValidation("Content-Digest", "sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:");
        request.Content.Headers.TryAddWithoutValidation("Signature", "sig1=:AAAA:, sig2=:CCCC:"); // a content header is sent too

        await client.SendAsync(request);

        var received = Assert.Single(_server.Requests);
        Assert.Single(received.Headers["Signature-Input"]);
        Assert.Single(received.Headers["Signature"]);
        Assert.Single(received.Headers["Content-Digest"]);
        Assert.DoesNotContain("forged", received.Header("Signature-Input"), StringComparison.Ordinal);
        Assert.DoesNotContain("sig2=", received.Header("Signature"), StringComparison.Ordinal);
        Assert.Equal(SignatureFailure.None, received.VerifyDigest());
        Assert.Equal(SignatureFailure.None, received.Verify(verifier, _clients.Time).Failure);
    }

    [Fact]
    public async Task Each_retry_is_signed_afresh_with_a_new_nonce_and_every_attempt_verifies()
    {
        _server.Respond = n => n <= 2 ? 503 : 200;
        var (client, verifier) = Client(SignatureAlgorithms.Ed25519, builder: b => b.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero));
        using var _ = verifier;

        var response = await client.GetAsync("/prices?sku=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = _server.Requests.ToArray();
        Assert.Equal(3, attempts.Length);
        var results = attempts.Select(a => a.Verify(verifier, _clients.Time)).ToArray();
        Assert.All(results, r => Assert.Equal(SignatureFailure.None, r.Failure));
        Assert.Equal(3, results.Select(r => r.Parameters!.Nonce).Distinct().Count());
    }

    [Fact]
    public async Task A_retried_post_sends_the_same_body_bytes_each_time_each_attempt_digested_and_signed()
    {
        _server.Respond = n => n == 1 ? 503 : 200;
        var (client, verifier) = Client(SignatureAlgorithms.HmacSha256, builder: b => b.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero));
        using var _ = verifier;

        await client.PostAsync("/orders", new StringContent("{\"qty\":2}", Encoding.UTF8, "application/json"));

        var attempts = _server.Requests.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.All(attempts, a => Assert.Equal("{\"qty\":2}", Encoding.UTF8.GetString(a.Body)));
        Assert.All(attempts, a => Assert.Equal(SignatureFailure.None, a.VerifyDigest()));
        Assert.All(attempts, a => Assert.Equal(SignatureFailure.None, a.Verify(verifier, _clients.Time, required: ["content-digest"]).Failure));
        Assert.NotEqual(attempts[0].Header("Signature"), attempts[1].Header("Signature"));
    }

    [Fact]
    public async Task The_signing_handler_runs_after_handlers_registered_after_it()
    {
        var (client, verifier) = Client(SignatureAlgorithms.Ed25519, o => o.Components = ["@method", "@authority", "@path", "@query", "x-late"],
            b => b.AddHttpMessageHandler(() => new HeaderAddingHandler("X-Late", "added-after")));
        using var _ = verifier;

        await client.GetAsync("/prices");

        var received = Assert.Single(_server.Requests);
        Assert.Equal(SignatureFailure.None, received.Verify(verifier, _clients.Time, required: ["x-late"]).Failure);
    }

    [Fact]
    public async Task A_request_missing_a_covered_header_is_refused_before_sending()
    {
        var (client, verifier) = Client(SignatureAlgorithms.Ed25519, o => o.Components = ["@method", "x-tenant"]);
        using var _ = verifier;

        var refused = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.GetAsync("/prices"));

        Assert.Equal(OutgoingCallRefusalReason.RequestNotSignable, refused.Reason);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_larger_than_MaxBodyBytes_is_refused_before_anything_is_sent(bool lengthKnown)
    {
        var (client, verifier) = Client(SignatureAlgorithms.Ed25519, o => o.MaxBodyBytes = 1024);
        using var _ = verifier;
        var payload = new byte[1025];
        HttpContent content = lengthKnown ? new ByteArrayContent(payload) : new StreamContent(new NonSeekableStream(payload));

        var refused = await Assert.ThrowsAsync<OutgoingCallRefusedException>(() => client.PostAsync("/blobs", content));

        Assert.Equal(OutgoingCallRefusalReason.RequestBodyTooLarge, refused.Reason);
        Assert.Equal(SigningClients.ClientName, refused.ClientName);
        Assert.Contains("MaxBodyBytes (1024 bytes)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
        Assert.Contains(_clients.Logs.Entries, e => e.EventId.Id == 2302);
    }

    [Fact]
    public async Task A_body_of_exactly_MaxBodyBytes_is_sent()
    {
        var (client, verifier) = Client(SignatureAlgorithms.Ed25519, o => o.MaxBodyBytes = 1024);
        using var _ = verifier;

        await client.PostAsync("/blobs", new StreamContent(new NonSeekableStream(new byte[1024])));

        Assert.Equal(1024, Assert.Single(_server.Requests).Body.Length);
    }

    [Fact]
    public async Task A_rotated_key_file_is_used_after_the_reload_interval_and_a_broken_one_keeps_the_last_good_key()
    {
        var (firstPem, firstVerifier) = TestSigningKeys.Create(SignatureAlgorithms.Ed25519);
        var (secondPem, secondVerifier) = TestSigningKeys.Create(SignatureAlgorithms.Ed25519);
        using var first = firstVerifier;
        using var second = secondVerifier;
        var client = _clients.Create(_server.BaseUri, _keys.Settings(SignatureAlgorithms.Ed25519, firstPem));

        await client.GetAsync("/a");
        _keys.Write(secondPem);
        await client.GetAsync("/b"); // before the interval: still the first key
        _clients.Time.Advance(TimeSpan.FromSeconds(10));
        await client.GetAsync("/c");
        _keys.Write("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        _clients.Time.Advance(TimeSpan.FromSeconds(10));
        await client.GetAsync("/d");

        var r = _server.Requests.ToArray();
        Assert.Equal(SignatureFailure.None, r[0].Verify(first, _clients.Time).Failure);
        Assert.Equal(SignatureFailure.None, r[1].Verify(first, _clients.Time).Failure);
        Assert.Equal(SignatureFailure.None, r[2].Verify(second, _clients.Time).Failure);
        Assert.Equal(SignatureFailure.InvalidSignature, r[2].Verify(first, _clients.Time).Failure);
        Assert.Equal(SignatureFailure.None, r[3].Verify(second, _clients.Time).Failure);
        var warning = Assert.Single(_clients.Logs.Entries, e => e.EventId.Id == 2301);
        Assert.Contains("key_unreadable", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synchronous_sends_are_refused_rather_than_sent_unsigned()
    {
        var (client, verifier) = Client(SignatureAlgorithms.HmacSha256);
        using var _ = verifier;

        Assert.Throws<NotSupportedException>(() => client.Send(new HttpRequestMessage(HttpMethod.Get, "/x")));
        await Task.Yield();
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_redirect_is_returned_to_the_caller_not_followed_with_the_signature()
    {
        _server.Respond = n => n == 1 ? 307 : 200;
        var (client, verifier) = Client(SignatureAlgorithms.Ed25519);
        using var _ = verifier;

        var response = await client.GetAsync("/moved");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Single(_server.Requests);
    }

    /// <summary>A stream that can be read once, front to back, and counts how often a read started from the beginning.</summary>
    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_inner.Position == 0)
            {
                Reads++;
            }

            return _inner.Read(buffer, offset, count);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var array = new byte[buffer.Length];
            var read = Read(array, 0, array.Length);
            array.AsSpan(0, read).CopyTo(buffer.Span);
            return ValueTask.FromResult(read);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class TrackedContent(string text) : StringContent(text)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    private sealed class HeaderAddingHandler(string name, string value) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
