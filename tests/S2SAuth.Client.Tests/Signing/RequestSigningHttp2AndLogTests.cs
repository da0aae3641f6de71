using System.Text;
using Microsoft.Extensions.Logging;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Tests.Signing;

/// <summary>Signing over HTTP/2 (the authority from <c>:authority</c>), and no key, secret, signature or body in any log line.</summary>
public sealed class RequestSigningHttp2AndLogTests : IAsyncDisposable
{
    private readonly TestSigningKeys _keys = new();
    private readonly SigningClients _clients = new();

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        _keys.Dispose();
    }

    [Fact]
    public async Task An_http2_request_verifies_with_the_authority_the_server_saw()
    {
        await using var server = await SigningServer.StartAsync(http2: true);
        var (material, verifier) = TestSigningKeys.Create(SignatureAlgorithms.EcdsaP256Sha256);
        using var _ = verifier;
        var client = _clients.Create(server.BaseUri, _keys.Settings(SignatureAlgorithms.EcdsaP256Sha256, material));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders?x=%2F1")
        {
            Version = new Version(2, 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent("{\"qty\":1}", Encoding.UTF8, "application/json"),
        };

        await client.SendAsync(request);

        var received = Assert.Single(server.Requests);
        Assert.Equal("HTTP/2", received.Protocol);
        Assert.Equal(SignatureFailure.None, received.Verify(verifier, _clients.Time, required: ["@authority", "@query", "content-digest"]).Failure);
        Assert.Equal(SignatureFailure.None, received.VerifyDigest());
    }

    [Fact]
    public async Task No_key_secret_signature_or_body_appears_in_any_log_line_with_HttpClient_header_logging_unredacted()
    {
        await using var server = await SigningServer.StartAsync();
        var (secret, verifier) = TestSigningKeys.Create(SignatureAlgorithms.HmacSha256);
        using var _ = verifier;
        var (pem, edVerifier) = TestSigningKeys.Create(SignatureAlgorithms.Ed25519);
        using var __ = edVerifier;
        var hmacClient = _clients.Create(server.BaseUri, _keys.Settings(SignatureAlgorithms.HmacSha256, secret), builder: b => b.RedactLoggedHeaders(_ => false));
        const string Body = "{\"card\":\"4111-body-marker\"}";

        await hmacClient.PostAsync("/pay", new StringContent(Body, Encoding.UTF8, "application/json"));
        var edClient = _clients.Create(server.BaseUri, _keys.Settings(SignatureAlgorithms.Ed25519, pem), builder: b => b.RedactLoggedHeaders(_ => false));
        await edClient.PostAsync("/pay", new StringContent(Body, Encoding.UTF8, "application/json"));
        await Assert.ThrowsAsync<OutgoingCallRefusedException>(() =>
            _clients.Create(server.BaseUri, _keys.Settings(SignatureAlgorithms.Ed25519, pem), o => o.MaxBodyBytes = 4).PostAsync("/pay", new StringContent(Body)));

        var logs = _clients.Logs.AllText();
        Assert.Contains(_clients.Logs.Entries, e => e.EventId.Id == 2300 && e.Level == LogLevel.Information);
        Assert.Contains(_clients.Logs.Entries, e => e.EventId.Id == 2303);
        Assert.Contains("Signature-Input", logs, StringComparison.Ordinal); // HttpClient's header logging did run
        Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(pem.Split('\n')[1].Trim(), logs, StringComparison.Ordinal);
        Assert.DoesNotContain("4111-body-marker", logs, StringComparison.Ordinal);
        foreach (var received in server.Requests)
        {
            var signature = received.Header("Signature")!;
            Assert.DoesNotContain(signature[(signature.IndexOf(':', StringComparison.Ordinal) + 1)..].TrimEnd(':'), logs, StringComparison.Ordinal);
        }
    }
}
