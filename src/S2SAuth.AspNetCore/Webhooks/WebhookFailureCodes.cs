namespace S2SAuth.Webhooks;

/// <summary>
/// The stable failure codes of webhook signature verification. Groundwork: the wiring session moves them to
/// <c>AuthErrorCodes</c> and maps each to its problem-details status.
/// </summary>
internal static class WebhookFailureCodes
{
    /// <summary>A header the scheme needs (signature, id, timestamp) is absent or empty.</summary>
    public const string SignatureMissing = "webhook_signature_missing";

    /// <summary>No signature in the request matches any configured secret over the raw body.</summary>
    public const string SignatureInvalid = "webhook_signature_invalid";

    /// <summary>The signature holds but the signed timestamp is further than the tolerance from now (either way).</summary>
    public const string TimestampOutOfTolerance = "webhook_timestamp_out_of_tolerance";

    /// <summary>A header is repeated, too long, or not in the scheme's format (bad timestamp, too many signatures).</summary>
    public const string HeadersMalformed = "webhook_headers_malformed";
}
