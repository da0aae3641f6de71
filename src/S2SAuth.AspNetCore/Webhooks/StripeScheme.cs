using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Webhooks;

/// <summary>
/// Stripe's signature: <c>Stripe-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;[,v1=...][,v0=...]</c> over
/// <c>{t}.{raw body}</c>, keyed with the endpoint secret's UTF-8 bytes (the whole <c>whsec_...</c> string). Several
/// <c>v1</c> entries are accepted (Stripe sends one per active secret while a secret is rolled); other schemes (<c>v0</c>)
/// are ignored. Stripe's event id is in the body, not a header: <see cref="WebhookVerification.EventId"/> is null.
/// </summary>
internal sealed class StripeScheme(TimeSpan tolerance) : IWebhookSignatureScheme
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>The scheme with Stripe's default five-minute tolerance.</summary>
    public StripeScheme()
        : this(TimeSpan.FromMinutes(5))
    {
    }

    /// <inheritdoc />
    public string Name => "stripe";

    /// <inheritdoc />
    public bool TryParseSecret(string configured, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error) =>
        Utf8SecretParser.TryParse(configured, out secret, out error);

    /// <inheritdoc />
    public WebhookVerification Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSecret> secrets, DateTimeOffset now)
    {
        var read = WebhookHeaders.TryGetSingle(headers, SignatureHeader, WebhookHeaders.MaxSignatureHeaderLength, out var header);
        if (read != WebhookHeaderRead.Found)
        {
            return WebhookHeaders.Refuse(read, SignatureHeader);
        }

        ReadOnlySpan<char> timestampText = default;
        var timestampSeen = false;
        var entries = 0;
        var signatures = new List<byte>();
        Span<byte> decoded = stackalloc byte[WebhookHmac.Length];
        foreach (var range in header.AsSpan().Split(','))
        {
            var item = header.AsSpan()[range].Trim(' ');
            if (++entries > WebhookHeaders.MaxSignatures + 2)
            {
                return Malformed("has too many entries");
            }

            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                return Malformed("has an entry that is not key=value");
            }

            var key = item[..equals];
            var value = item[(equals + 1)..];
            if (key.SequenceEqual("t"))
            {
                if (timestampSeen)
                {
                    return Malformed("has more than one t");
                }

                timestampSeen = true;
                timestampText = value;
            }
            else if (key.SequenceEqual("v1") && WebhookHmac.TryDecodeHex(value, decoded))
            {
                signatures.AddRange(decoded);
            }
        }

        if (!timestampSeen || !WebhookHeaders.TryParseUnixSeconds(timestampText, out var timestamp))
        {
            return Malformed("has no t of unix seconds");
        }

        if (signatures.Count == 0)
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookSignatureMissing, "The Stripe-Signature header has no v1 signature.");
        }

        var prefix = Encoding.ASCII.GetBytes($"{timestampText}.");
        if (!WebhookHmac.AnyMatches(secrets, prefix, body, [.. signatures]))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookSignatureInvalid, "No v1 signature matches a configured secret.");
        }

        if (!WebhookHeaders.WithinTolerance(timestamp, now, tolerance))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookTimestampOutOfTolerance, "The signed t is outside the tolerance.");
        }

        return WebhookVerification.Success(eventId: null, eventIdIsSigned: false, DateTimeOffset.FromUnixTimeSeconds(timestamp));
    }

    private static WebhookVerification Malformed(string what) =>
        WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, $"The Stripe-Signature header {what}.");
}
