namespace S2SAuth.Webhooks;

/// <summary>
/// The shape of a provider's HMAC-SHA256 signature for <see cref="GenericHmacScheme"/>: where the signature is, how it is
/// encoded and prefixed, and the optional signed timestamp and unsigned event-id headers.
/// </summary>
/// <param name="SignatureHeader">The header holding the signature.</param>
/// <param name="Encoding">Hex or base64.</param>
/// <param name="SignaturePrefix">A fixed prefix before the encoded signature (e.g. <c>sha256=</c>), or null.</param>
/// <param name="TimestampHeader">
/// A header of unix seconds, or null. When set, the signed content is <c>{timestamp}.{raw body}</c> and the tolerance
/// applies; otherwise the raw body alone is signed and nothing limits a replay but deduplication.
/// </param>
/// <param name="EventIdHeader">A header naming the event (not signed), or null.</param>
/// <param name="Tolerance">How far the timestamp may be from now, either way.</param>
internal sealed record GenericHmacSettings(
    string SignatureHeader,
    WebhookSignatureEncoding Encoding = WebhookSignatureEncoding.Hex,
    string? SignaturePrefix = null,
    string? TimestampHeader = null,
    string? EventIdHeader = null,
    TimeSpan? Tolerance = null)
{
    /// <summary>The tolerance in force: five minutes unless set.</summary>
    public TimeSpan EffectiveTolerance => Tolerance ?? TimeSpan.FromMinutes(5);
}
