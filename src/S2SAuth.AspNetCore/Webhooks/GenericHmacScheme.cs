using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace S2SAuth.Webhooks;

/// <summary>
/// A provider's own HMAC-SHA256 signature, described by <see cref="GenericHmacSettings"/>: one signature in a configured
/// header (hex or base64, optional prefix) over the raw body, or over <c>{timestamp}.{raw body}</c> when a timestamp
/// header is configured. The key is the secret's UTF-8 bytes.
/// </summary>
internal sealed class GenericHmacScheme(GenericHmacSettings settings) : IWebhookSignatureScheme
{
    /// <inheritdoc />
    public string Name => "hmac";

    /// <inheritdoc />
    public bool TryParseSecret(string configured, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error) =>
        Utf8SecretParser.TryParse(configured, out secret, out error);

    /// <inheritdoc />
    public WebhookVerification Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSecret> secrets, DateTimeOffset now)
    {
        var read = WebhookHeaders.TryGetSingle(headers, settings.SignatureHeader, 256, out var header);
        if (read != WebhookHeaderRead.Found)
        {
            return WebhookHeaders.Refuse(read, settings.SignatureHeader);
        }

        string? eventId = null;
        if (settings.EventIdHeader is { } idHeader)
        {
            read = WebhookHeaders.TryGetSingle(headers, idHeader, WebhookHeaders.MaxIdLength, out var id);
            if (read != WebhookHeaderRead.Found)
            {
                return WebhookHeaders.Refuse(read, idHeader);
            }

            if (!WebhookHeaders.IsSafeId(id, ' '))
            {
                return WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, $"The {idHeader} header has characters outside visible ASCII.");
            }

            eventId = id;
        }

        long? timestamp = null;
        byte[] prefix = [];
        if (settings.TimestampHeader is { } timestampHeader)
        {
            read = WebhookHeaders.TryGetSingle(headers, timestampHeader, 32, out var timestampText);
            if (read != WebhookHeaderRead.Found)
            {
                return WebhookHeaders.Refuse(read, timestampHeader);
            }

            if (!WebhookHeaders.TryParseUnixSeconds(timestampText, out var seconds))
            {
                return WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, $"The {timestampHeader} header is not unix seconds.");
            }

            timestamp = seconds;
            prefix = Encoding.ASCII.GetBytes($"{timestampText}.");
        }

        var encoded = header.AsSpan();
        if (settings.SignaturePrefix is { } signaturePrefix)
        {
            if (!encoded.StartsWith(signaturePrefix, StringComparison.Ordinal))
            {
                return WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, $"The {settings.SignatureHeader} header lacks its prefix.");
            }

            encoded = encoded[signaturePrefix.Length..];
        }

        Span<byte> presented = stackalloc byte[WebhookHmac.Length];
        var decoded = settings.Encoding == WebhookSignatureEncoding.Hex
            ? WebhookHmac.TryDecodeHex(encoded, presented)
            : WebhookHmac.TryDecodeBase64(encoded, presented);
        if (!decoded)
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, $"The {settings.SignatureHeader} header is not a {settings.Encoding} HMAC-SHA256.");
        }

        if (!WebhookHmac.AnyMatches(secrets, prefix, body, presented))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookSignatureInvalid, "The signature does not match a configured secret.");
        }

        if (timestamp is { } signed && !WebhookHeaders.WithinTolerance(signed, now, settings.EffectiveTolerance))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookTimestampOutOfTolerance, "The signed timestamp is outside the tolerance.");
        }

        return WebhookVerification.Success(eventId, eventIdIsSigned: false, timestamp is { } t ? DateTimeOffset.FromUnixTimeSeconds(t) : null);
    }
}
