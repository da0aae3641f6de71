using System.Security.Cryptography;

namespace S2SAuth.Client.Signatures;

/// <summary>ecdsa-p256-sha256 (RFC 9421 §3.3.4): signatures are raw r||s, 64 bytes (IEEE P1363), never DER.</summary>
internal sealed class EcdsaP256SignatureKey : SignatureKey
{
    private readonly ECDsa key;
    private readonly bool hasPrivateKey;

    /// <summary>Takes ownership of <paramref name="key"/>, which must be on P-256.</summary>
    public EcdsaP256SignatureKey(string keyId, ECDsa key, bool hasPrivateKey)
        : base(keyId, SignatureAlgorithms.EcdsaP256Sha256)
    {
        if (key.KeySize != 256)
        {
            throw new ArgumentException("An ecdsa-p256-sha256 key must be on P-256.", nameof(key));
        }

        this.key = key;
        this.hasPrivateKey = hasPrivateKey;
    }

    public override bool CanSign => hasPrivateKey;

    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        hasPrivateKey
            ? key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : throw new InvalidOperationException("This ECDSA key holds no private key.");

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == 64 && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            key.Dispose();
        }

        base.Dispose(disposing);
    }
}
