namespace S2SAuth;

/// <summary>
/// One webhook provider (a sender such as a payment processor), configured under <c>ServiceAuth:Webhooks:{name}</c> and
/// named by <c>.RequireWebhookSignature("{name}")</c>. Checked at start-up: a provider that cannot verify anything stops
/// the service with a message naming the provider and the setting (never a secret). See docs/webhooks.md.
/// </summary>
public sealed class WebhookProviderOptions
{
    /// <summary>
    /// The signature format: <c>StandardWebhooks</c> (the default: <c>webhook-id</c>, <c>webhook-timestamp</c>,
    /// <c>webhook-signature</c>), <c>Stripe</c> (<c>Stripe-Signature</c>), <c>GitHub</c> (<c>X-Hub-Signature-256</c>) or
    /// <c>Hmac</c> (a provider's own HMAC-SHA256 header, described by the <c>Signature*</c>, <c>TimestampHeader</c> and
    /// <c>EventIdHeader</c> settings). Case-insensitive.
    /// </summary>
    public string Scheme { get; set; } = "StandardWebhooks";

    /// <summary>
    /// The provider's secrets, 1 to 8: any one may match, so a rotation needs no downtime (add the new secret, deploy,
    /// let the provider switch, remove the old one). Standard Webhooks: <c>whsec_...</c> (HMAC) or <c>whpk_...</c>
    /// (Ed25519 public key, for <c>v1a</c>); the other schemes: the shared secret as the provider shows it. Never logged.
    /// </summary>
    public IList<string> Secrets { get; set; } = [];

    /// <summary>How far a signed timestamp may be from now, either way. Default 5 minutes; 10 seconds to 1 hour. Unused by <c>GitHub</c> (no timestamp).</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body read and verified; a larger one is refused with 413 <c>webhook_body_too_large</c>. Default 1 MiB; 1 byte to 64 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a processed event is remembered, so that a replay or a provider's retry of it is not delivered again.
    /// Default 24 hours; at least twice <see cref="Tolerance"/> (a signed timestamp is accepted over that window), at most
    /// 30 days. Kept in the replay store (memory, or Redis with <c>AddRedisReplayProtection()</c>).
    /// </summary>
    public TimeSpan DedupeLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary><c>Hmac</c> only: the header holding the signature (required).</summary>
    public string? SignatureHeader { get; set; }

    /// <summary><c>Hmac</c> only: how the 32 signature bytes are written, <c>Hex</c> (default) or <c>Base64</c>.</summary>
    public string SignatureEncoding { get; set; } = "Hex";

    /// <summary><c>Hmac</c> only: a fixed text before the encoded signature (e.g. <c>sha256=</c>), or none.</summary>
    public string? SignaturePrefix { get; set; }

    /// <summary>
    /// <c>Hmac</c> only: a header of unix seconds, or none. When set, the signed content is <c>{timestamp}.{raw body}</c>
    /// and <see cref="Tolerance"/> applies; otherwise the raw body alone is signed.
    /// </summary>
    public string? TimestampHeader { get; set; }

    /// <summary><c>Hmac</c> only: a header naming the event (not covered by the signature), or none.</summary>
    public string? EventIdHeader { get; set; }
}
