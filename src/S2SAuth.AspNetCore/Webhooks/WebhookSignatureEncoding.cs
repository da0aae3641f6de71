namespace S2SAuth.Webhooks;

/// <summary>How the generic HMAC scheme's signature header encodes the 32 HMAC bytes.</summary>
internal enum WebhookSignatureEncoding
{
    /// <summary>64 hex digits, either case.</summary>
    Hex,

    /// <summary>Standard base64 (44 characters with padding).</summary>
    Base64,
}
