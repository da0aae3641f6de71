using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace S2SAuth.AspNetCore.Tests.Webhooks.Framework;

/// <summary>
/// Signs test deliveries as each provider does (written from the providers' documents, independently of the SDK's
/// verifiers): Standard Webhooks v1 (HMAC) and v1a (Ed25519), Stripe, GitHub and the generic HMAC shape used by
/// <see cref="WebhookApi"/> (<c>X-Signature: sha256=&lt;hex&gt;</c> over <c>{X-Timestamp}.{body}</c>, id in <c>X-Event-Id</c>).
/// </summary>
public static class WebhookSigner
{
    public static string HmacHex(byte[] key, string content) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(content)));

    public static string HmacBase64(byte[] key, string content) => Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(content)));

    /// <summary>Standard Webhooks v1: key is the base64 after <c>whsec_</c>.</summary>
    public static Dictionary<string, string> Standard(string whsec, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(whsec["whsec_".Length..]);
        return new()
        {
            ["webhook-id"] = id,
            ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = "v1," + HmacBase64(key, $"{id}.{timestamp}.{body}"),
        };
    }

    /// <summary>Standard Webhooks v1a: Ed25519 over the same content.</summary>
    public static Dictionary<string, string> StandardEd25519(Key key, string id, long timestamp, string body) => new()
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["webhook-signature"] = "v1a," + Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))),
    };

    public static Dictionary<string, string> Stripe(string secret, long timestamp, string body) => new()
    {
        ["Stripe-Signature"] = $"t={timestamp},v1={HmacHex(Encoding.UTF8.GetBytes(secret), $"{timestamp}.{body}")}",
    };

    public static Dictionary<string, string> GitHub(string secret, string delivery, string body) => new()
    {
        ["X-Hub-Signature-256"] = "sha256=" + HmacHex(Encoding.UTF8.GetBytes(secret), body),
        ["X-GitHub-Delivery"] = delivery,
    };

    public static Dictionary<string, string> Hmac(string secret, string id, long timestamp, string body) => new()
    {
        ["X-Signature"] = "sha256=" + HmacHex(Encoding.UTF8.GetBytes(secret), $"{timestamp}.{body}"),
        ["X-Timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["X-Event-Id"] = id,
    };

    public static HttpRequestMessage Request(string path, string body, IReadOnlyDictionary<string, string> headers, bool chunked = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (chunked)
        {
            request.Content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(body)));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        else
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>A readable stream that does not tell its length, so the body is sent chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
