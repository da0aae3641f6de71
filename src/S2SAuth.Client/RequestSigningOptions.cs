namespace S2SAuth.Client;

/// <summary>
/// How one outgoing <c>HttpClient</c> signs its requests with HTTP Message Signatures (RFC 9421) and a
/// <c>Content-Digest</c> (RFC 9530), for peers that verify a key instead of a token issuer. Bound from
/// <c>ServiceAuth:RequestSigning</c>, then adjusted by the delegate given to <c>AddRequestSigning</c> (named options:
/// the name is the client's name). Checked at start-up: the key must load and fit <see cref="Algorithm"/>.
/// </summary>
public sealed class RequestSigningOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "ServiceAuth:RequestSigning";

    /// <summary>The <c>keyid</c> the receiver looks the key up by (printable ASCII). Required.</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// The RFC 9421 algorithm: <c>ed25519</c>, <c>ecdsa-p256-sha256</c>, <c>hmac-sha256</c> or <c>rsa-pss-sha512</c>.
    /// Required; it must match the key (an EC P-256 key is not used for ed25519).
    /// </summary>
    public string? Algorithm { get; set; }

    /// <summary>
    /// PEM file with the unencrypted private key (asymmetric algorithms): PKCS#8 <c>PRIVATE KEY</c> (any algorithm),
    /// <c>EC PRIVATE KEY</c> or <c>RSA PRIVATE KEY</c>. Read again every <see cref="KeyReloadInterval"/> and used from the
    /// next request when its content changed and it loads. Never logged.
    /// </summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The shared secret of <c>hmac-sha256</c>, base64, at least 32 bytes. Never logged; keep it out of committed files.</summary>
    public string? Secret { get; set; }

    /// <summary>The <c>expires</c> parameter is <c>created</c> + this (rounded up to a second). Default 60 seconds.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The covered components, in order: derived components (<c>@method</c>, <c>@authority</c>, <c>@scheme</c>,
    /// <c>@path</c>, <c>@query</c>, <c>@request-target</c>, <c>@target-uri</c>) and lowercase header names, which must
    /// then be on every request. Empty (default): <c>@method @authority @path @query</c>. <c>content-digest</c> is added
    /// last by itself whenever the request has content, and may not be listed.
    /// </summary>
    public IList<string> Components { get; set; } = [];

    /// <summary>The signature's label in <c>Signature-Input</c> and <c>Signature</c>. Default <c>sig1</c>.</summary>
    public string Label { get; set; } = "sig1";

    /// <summary>The <c>Content-Digest</c> algorithm: <c>sha-256</c> (default) or <c>sha-512</c>.</summary>
    public string DigestAlgorithm { get; set; } = "sha-256";

    /// <summary>
    /// The largest request body that is buffered to be digested and signed. A larger one fails the call with
    /// <see cref="OutgoingCallRefusedException"/> (<see cref="OutgoingCallRefusalReason.RequestBodyTooLarge"/>) before
    /// anything is sent. Default 1 MiB.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How often <see cref="PrivateKeyPath"/> is read and compared by content. Default 10 seconds.</summary>
    public TimeSpan KeyReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tests only: the nonce of each signature (<see langword="null"/> result: no nonce). Default: 16 random bytes, base64url.</summary>
    internal Func<string?>? NonceSource { get; set; }

    /// <summary>Tests only: sign with <c>created</c> and <c>keyid</c> alone, as RFC 9421's Appendix B examples do.</summary>
    internal bool OmitExpiresAndAlgorithm { get; set; }

    /// <summary>Tests only: do not add <c>content-digest</c> to the covered components (the header is still set).</summary>
    internal bool OmitContentDigestComponent { get; set; }
}
