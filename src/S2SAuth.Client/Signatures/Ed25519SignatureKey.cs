using NSec.Cryptography;

namespace S2SAuth.Client.Signatures;

/// <summary>ed25519 (RFC 9421 §3.3.6) through NSec (libsodium): .NET 10 has no Ed25519 of its own.</summary>
internal sealed class Ed25519SignatureKey : SignatureKey
{
    private static readonly SignatureAlgorithm Algorithm25519 = SignatureAlgorithm.Ed25519;
    private readonly Key? privateKey;
    private readonly PublicKey publicKey;

    private Ed25519SignatureKey(string keyId, Key? privateKey, PublicKey publicKey)
        : base(keyId, SignatureAlgorithms.Ed25519)
    {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public override bool CanSign => privateKey is not null;

    /// <summary>From the 32-byte raw private key (RFC 8032 seed, the JWK "d").</summary>
    public static Ed25519SignatureKey? FromPrivateKey(string keyId, ReadOnlySpan<byte> seed)
    {
        if (!Key.TryImport(Algorithm25519, seed, KeyBlobFormat.RawPrivateKey, out var key) || key is null)
        {
            return null;
        }

        return new(keyId, key, key.PublicKey);
    }

    /// <summary>From a DER PKCS#8 <c>PrivateKeyInfo</c> (RFC 8410, what <c>openssl genpkey -algorithm ed25519</c> writes as PEM).</summary>
    public static Ed25519SignatureKey? FromPkcs8(string keyId, ReadOnlySpan<byte> der)
    {
        if (!Key.TryImport(Algorithm25519, der, KeyBlobFormat.PkixPrivateKey, out var key) || key is null)
        {
            return null;
        }

        return new(keyId, key, key.PublicKey);
    }

    /// <summary>From the 32-byte raw public key (the JWK "x").</summary>
    public static Ed25519SignatureKey? FromPublicKey(string keyId, ReadOnlySpan<byte> publicKey) =>
        PublicKey.TryImport(Algorithm25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) && key is not null ? new(keyId, null, key) : null;

    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        Algorithm25519.Sign(privateKey ?? throw new InvalidOperationException("This Ed25519 key holds no private key."), data);

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == Algorithm25519.SignatureSize && Algorithm25519.Verify(publicKey, data, signature);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            privateKey?.Dispose();
        }

        base.Dispose(disposing);
    }
}
