namespace S2SAuth.Webhooks;

/// <summary>What a <see cref="WebhookSecret"/> verifies: an HMAC-SHA256 signature or an Ed25519 signature.</summary>
internal enum WebhookSecretKind
{
    /// <summary>A shared key for HMAC-SHA256.</summary>
    HmacSha256,

    /// <summary>A sender's Ed25519 public key (Standard Webhooks <c>v1a</c>).</summary>
    Ed25519PublicKey,
}
