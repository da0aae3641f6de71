using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Webhooks;

/// <summary>
/// GitHub's signature: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>, keyed with the webhook
/// secret's UTF-8 bytes; the event id is <c>X-GitHub-Delivery</c> (required, but not signed). GitHub signs no timestamp,
/// so there is no tolerance and a captured delivery verifies forever: deduplication is the only replay defence.
/// </summary>
internal sealed class GitHubScheme : IWebhookSignatureScheme
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Hub-Signature-256";

    /// <summary>The delivery (event) id header.</summary>
    public const string DeliveryHeader = "X-GitHub-Delivery";

    private const string Prefix = "sha256=";

    /// <inheritdoc />
    public string Name => "github";

    /// <inheritdoc />
    public bool TryParseSecret(string configured, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error) =>
        Utf8SecretParser.TryParse(configured, out secret, out error);

    /// <inheritdoc />
    public WebhookVerification Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSecret> secrets, DateTimeOffset now)
    {
        var read = WebhookHeaders.TryGetSingle(headers, SignatureHeader, 128, out var header);
        if (read != WebhookHeaderRead.Found)
        {
            return WebhookHeaders.Refuse(read, SignatureHeader);
        }

        read = WebhookHeaders.TryGetSingle(headers, DeliveryHeader, WebhookHeaders.MaxIdLength, out var delivery);
        if (read != WebhookHeaderRead.Found)
        {
            return WebhookHeaders.Refuse(read, DeliveryHeader);
        }

        if (!WebhookHeaders.IsSafeId(delivery, ' '))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, "The X-GitHub-Delivery header has characters outside visible ASCII.");
        }

        Span<byte> presented = stackalloc byte[WebhookHmac.Length];
        if (!header.StartsWith(Prefix, StringComparison.Ordinal) || !WebhookHmac.TryDecodeHex(header.AsSpan(Prefix.Length), presented))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, "The X-Hub-Signature-256 header is not sha256=<64 hex digits>.");
        }

        if (!WebhookHmac.AnyMatches(secrets, [], body, presented))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookSignatureInvalid, "The signature does not match a configured secret.");
        }

        return WebhookVerification.Success(delivery, eventIdIsSigned: false, timestamp: null);
    }
}
