using System.Security.Cryptography;
using System.Text;
using S2SAuth.Client.Signatures;

namespace S2SAuth.AspNetCore.Tests.SignedRequests.Framework;

/// <summary>Builds requests signed as a peer would (the RFC 9421 core's <see cref="MessageSigner"/>), with Content-Digest over the body.</summary>
internal static class RequestSigning
{
    public static readonly string[] Components = ["@method", "@authority", "@path", "@query"];

    /// <summary>A request to <paramref name="uri"/>, with <paramref name="body"/> (JSON) and its Content-Digest when given, signed now by <paramref name="keyId"/>.</summary>
    public static HttpRequestMessage Signed(HttpMethod method, Uri uri, DateTimeOffset now, string keyId = SignedKeys.Ed25519Id, string? body = null,
        SignatureKey? key = null, string[]? components = null, string? nonce = "", long? created = null, long? expires = null, string label = "sig1")
    {
        var request = new HttpRequestMessage(method, uri);
        var covered = (components ?? Components).ToList();
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new("application/json");
            request.Content.Headers.TryAddWithoutValidation(ContentDigest.HeaderName, ContentDigest.Compute(bytes, ContentDigest.Sha256));
            if (components is null)
            {
                covered.Add("content-digest");
            }
        }

        Sign(request, now, keyId, key, covered, nonce, created, expires, label);
        return request;
    }

    /// <summary>Signs <paramref name="request"/> (replacing any signature). <paramref name="nonce"/>: "" for a fresh one, null for none.</summary>
    public static void Sign(HttpRequestMessage request, DateTimeOffset now, string keyId, SignatureKey? key, IEnumerable<string> components, string? nonce = "",
        long? created = null, long? expires = null, string label = "sig1")
    {
        using var owned = key is null ? SignedKeys.Signing(keyId) : null;
        var signing = key ?? owned!;
        var parameters = SignatureParameters.Create(components, created ?? now.ToUnixTimeSeconds(), keyId, expires ?? now.ToUnixTimeSeconds() + 60,
            nonce == string.Empty ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) : nonce);
        Assert.True(MessageSigner.TrySign(request, parameters, signing, label, out var failure), failure.ToString());
    }
}
