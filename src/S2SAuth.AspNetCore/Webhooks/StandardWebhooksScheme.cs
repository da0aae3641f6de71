using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.Http;
using NSec.Cryptography;

namespace S2SAuth.Webhooks;

/// <summary>
/// The Standard Webhooks specification (standardwebhooks.com, spec 1.0.0): headers <c>webhook-id</c>,
/// <c>webhook-timestamp</c> (unix seconds) and <c>webhook-signature</c>, a space-separated list of <c>v1,&lt;base64
/// HMAC-SHA256&gt;</c> and <c>v1a,&lt;base64 Ed25519&gt;</c> entries over <c>{id}.{timestamp}.{raw body}</c>. Secrets are
/// <c>whsec_&lt;base64 key&gt;</c> or <c>whpk_&lt;base64 Ed25519 public key&gt;</c>. Unknown versions are ignored.
/// </summary>
internal sealed class StandardWebhooksScheme(TimeSpan tolerance) : IWebhookSignatureScheme
{
    /// <summary>The id header.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The timestamp header.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "webhook-signature";

    private const string HmacSecretPrefix = "whsec_";
    private const string PublicKeyPrefix = "whpk_";
    private const int Ed25519SignatureLength = 64;

    /// <summary>The scheme with the specification's recommended five-minute tolerance.</summary>
    public StandardWebhooksScheme()
        : this(TimeSpan.FromMinutes(5))
    {
    }

    /// <inheritdoc />
    public string Name => "standard";

    /// <inheritdoc />
    public bool TryParseSecret(string configured, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error)
    {
        secret = null;
        if (configured.StartsWith(HmacSecretPrefix, StringComparison.Ordinal))
        {
            var key = TryBase64(configured.AsSpan(HmacSecretPrefix.Length));
            // The specification: at least 24 bytes, at most 64.
            if (key is null || key.Length < 24 || key.Length > 64)
            {
                error = "A whsec_ secret must be base64 of 24 to 64 bytes.";
                return false;
            }

            secret = WebhookSecret.Hmac(key);
            error = null;
            return true;
        }

        if (configured.StartsWith(PublicKeyPrefix, StringComparison.Ordinal))
        {
            var raw = TryBase64(configured.AsSpan(PublicKeyPrefix.Length));
            if (raw is null || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var publicKey) || publicKey is null)
            {
                error = "A whpk_ key must be base64 of a 32-byte Ed25519 public key.";
                return false;
            }

            secret = WebhookSecret.Ed25519(publicKey);
            error = null;
            return true;
        }

        error = "A Standard Webhooks secret starts with whsec_ (HMAC) or whpk_ (Ed25519 public key).";
        return false;
    }

    /// <inheritdoc />
    public WebhookVerification Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSecret> secrets, DateTimeOffset now)
    {
        var read = WebhookHeaders.TryGetSingle(headers, SignatureHeader, WebhookHeaders.MaxSignatureHeaderLength, out var signatures);
        if (read != WebhookHeaderRead.Found)
        {
            return WebhookHeaders.Refuse(read, SignatureHeader);
        }

        read = WebhookHeaders.TryGetSingle(headers, IdHeader, WebhookHeaders.MaxIdLength, out var id);
        if (read != WebhookHeaderRead.Found)
        {
            return WebhookHeaders.Refuse(read, IdHeader);
        }

        // The id is signed as "{id}." and later used as the dedupe key: visible ASCII and no full stop (the spec's advice).
        if (!WebhookHeaders.IsSafeId(id, '.'))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, "The webhook-id header has characters outside visible ASCII or a full stop.");
        }

        read = WebhookHeaders.TryGetSingle(headers, TimestampHeader, 32, out var timestampText);
        if (read != WebhookHeaderRead.Found)
        {
            return WebhookHeaders.Refuse(read, TimestampHeader);
        }

        if (!WebhookHeaders.TryParseUnixSeconds(timestampText, out var timestamp))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, "The webhook-timestamp header is not unix seconds.");
        }

        if (!TryCollect(signatures, out var hmacs, out var ed25519s, out var count))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookHeadersMalformed, $"The webhook-signature header has more than {WebhookHeaders.MaxSignatures} entries.");
        }

        var prefix = Encoding.ASCII.GetBytes($"{id}.{timestampText}.");
        if (!WebhookHmac.AnyMatches(secrets, prefix, body, hmacs) && !AnyEd25519Matches(secrets, prefix, body, ed25519s))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookSignatureInvalid, $"None of the {count} signature(s) matches a configured secret.");
        }

        // Checked after the signature, so this code means "a genuine delivery, too old or too new" (a replay or a skewed clock).
        if (!WebhookHeaders.WithinTolerance(timestamp, now, tolerance))
        {
            return WebhookVerification.Failure(AuthErrorCodes.WebhookTimestampOutOfTolerance, "The signed webhook-timestamp is outside the tolerance.");
        }

        return WebhookVerification.Success(id, eventIdIsSigned: true, DateTimeOffset.FromUnixTimeSeconds(timestamp));
    }

    /// <summary>
    /// Splits the header on spaces into decoded v1 (32-byte) and v1a (64-byte) signatures, concatenated; entries of other
    /// versions or that do not decode are skipped. False if there are more than <see cref="WebhookHeaders.MaxSignatures"/>.
    /// </summary>
    private static bool TryCollect(string header, out byte[] hmacs, out byte[] ed25519s, out int count)
    {
        hmacs = [];
        ed25519s = [];
        count = 0;
        var hmacList = new List<byte>();
        var edList = new List<byte>();
        Span<byte> hmac = stackalloc byte[WebhookHmac.Length];
        Span<byte> ed = stackalloc byte[Ed25519SignatureLength];
        foreach (var range in header.AsSpan().Split(' '))
        {
            var entry = header.AsSpan()[range];
            if (entry.IsEmpty)
            {
                continue;
            }

            if (++count > WebhookHeaders.MaxSignatures)
            {
                return false;
            }

            var comma = entry.IndexOf(',');
            if (comma < 0)
            {
                continue;
            }

            var version = entry[..comma];
            var value = entry[(comma + 1)..];
            if (version.SequenceEqual("v1") && WebhookHmac.TryDecodeBase64(value, hmac))
            {
                hmacList.AddRange(hmac);
            }
            else if (version.SequenceEqual("v1a") && WebhookHmac.TryDecodeBase64(value, ed))
            {
                edList.AddRange(ed);
            }
        }

        hmacs = [.. hmacList];
        ed25519s = [.. edList];
        return true;
    }

    private static bool AnyEd25519Matches(IReadOnlyList<WebhookSecret> secrets, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, ReadOnlySpan<byte> signatures)
    {
        if (signatures.IsEmpty)
        {
            return false;
        }

        // Ed25519 signs one contiguous message: the prefix and the raw body, copied once into a pooled buffer.
        var length = prefix.Length + body.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            prefix.CopyTo(buffer);
            body.CopyTo(buffer.AsSpan(prefix.Length));
            var message = buffer.AsSpan(0, length);
            foreach (var secret in secrets)
            {
                if (secret.PublicKey is not { } publicKey)
                {
                    continue;
                }

                for (var offset = 0; offset + Ed25519SignatureLength <= signatures.Length; offset += Ed25519SignatureLength)
                {
                    if (SignatureAlgorithm.Ed25519.Verify(publicKey, message, signatures.Slice(offset, Ed25519SignatureLength)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[]? TryBase64(ReadOnlySpan<char> text)
    {
        var buffer = new byte[((text.Length + 3) / 4) * 3];
        return Convert.TryFromBase64Chars(text, buffer, out var written) ? buffer[..written] : null;
    }
}
