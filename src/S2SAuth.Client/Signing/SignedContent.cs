namespace S2SAuth.Client.Signing;

/// <summary>
/// The request body as buffered, digested and signed: it replaces the caller's content so the bytes sent are exactly
/// the bytes digested, and a retried attempt signs the same bytes again without reading the caller's content twice. The
/// caller's content is disposed with it, as the request would have disposed it (a file under a StreamContent is closed
/// then, not leaked, and not before).
/// </summary>
internal sealed class SignedContent : ByteArrayContent
{
    private readonly HttpContent _original;

    public SignedContent(byte[] body, HttpContent original)
        : base(body)
    {
        Body = body;
        _original = original;
        foreach (var header in original.Headers)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && !header.Key.Equals(Signatures.ContentDigest.HeaderName, StringComparison.OrdinalIgnoreCase)
                && !header.Key.Equals(Signatures.MessageSigner.SignatureHeader, StringComparison.OrdinalIgnoreCase)
                && !header.Key.Equals(Signatures.MessageSigner.SignatureInputHeader, StringComparison.OrdinalIgnoreCase))
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        Headers.ContentLength = body.Length;
    }

    public byte[] Body { get; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _original.Dispose();
        }

        base.Dispose(disposing);
    }
}
