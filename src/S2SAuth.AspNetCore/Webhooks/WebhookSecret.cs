using NSec.Cryptography;

namespace S2SAuth.Webhooks;

/// <summary>
/// One configured provider secret, parsed once at startup by its scheme: an HMAC key or an Ed25519 public key.
/// <see cref="ToString"/> names only the kind, so a secret never reaches a log by accident.
/// </summary>
internal sealed class WebhookSecret
{
    private WebhookSecret(WebhookSecretKind kind, byte[]? hmacKey, PublicKey? publicKey)
    {
        Kind = kind;
        HmacKey = hmacKey;
        PublicKey = publicKey;
    }

    /// <summary>Which signatures this secret verifies.</summary>
    public WebhookSecretKind Kind { get; }

    /// <summary>The HMAC-SHA256 key when <see cref="Kind"/> is <see cref="WebhookSecretKind.HmacSha256"/>.</summary>
    public byte[]? HmacKey { get; }

    /// <summary>The Ed25519 public key when <see cref="Kind"/> is <see cref="WebhookSecretKind.Ed25519PublicKey"/>.</summary>
    public PublicKey? PublicKey { get; }

    /// <summary>An HMAC-SHA256 key (copied).</summary>
    public static WebhookSecret Hmac(ReadOnlySpan<byte> key) => new(WebhookSecretKind.HmacSha256, key.ToArray(), null);

    /// <summary>An Ed25519 public key.</summary>
    public static WebhookSecret Ed25519(PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return new(WebhookSecretKind.Ed25519PublicKey, null, publicKey);
    }

    /// <inheritdoc />
    public override string ToString() => $"WebhookSecret({Kind})";
}
