namespace S2SAuth.Client.Signatures;

/// <summary>
/// A configured signing or verification key: its <c>keyid</c> and the ONE algorithm it is used with (RFC 9421 §3.2: the
/// verifier decides the algorithm from the key, never from the message's <c>alg</c> alone).
/// </summary>
internal abstract class SignatureKey : IDisposable
{
    protected SignatureKey(string keyId, string algorithm)
    {
        KeyId = keyId;
        Algorithm = algorithm;
    }

    public string KeyId { get; }

    public string Algorithm { get; }

    /// <summary>False for a public key only.</summary>
    public abstract bool CanSign { get; }

    /// <summary>Signs the signature base bytes (throws when the key holds no private part).</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> data);

    /// <summary>Verifies a signature over the signature base bytes; wrong lengths simply do not verify.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
