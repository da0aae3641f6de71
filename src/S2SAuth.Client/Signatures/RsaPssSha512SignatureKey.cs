using System.Security.Cryptography;

namespace S2SAuth.Client.Signatures;

/// <summary>rsa-pss-sha512 (RFC 9421 §3.3.1): RSASSA-PSS, SHA-512, MGF1 SHA-512, 64-byte salt (.NET uses salt = hash length).</summary>
internal sealed class RsaPssSha512SignatureKey : SignatureKey
{
    private readonly RSA key;
    private readonly bool hasPrivateKey;

    /// <summary>Takes ownership of <paramref name="key"/> (2048 bits or more).</summary>
    public RsaPssSha512SignatureKey(string keyId, RSA key, bool hasPrivateKey)
        : base(keyId, SignatureAlgorithms.RsaPssSha512)
    {
        if (key.KeySize < 2048)
        {
            throw new ArgumentException("An rsa-pss-sha512 key must have at least 2048 bits.", nameof(key));
        }

        this.key = key;
        this.hasPrivateKey = hasPrivateKey;
    }

    public override bool CanSign => hasPrivateKey;

    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        hasPrivateKey
            ? key.SignData(data.ToArray(), HashAlgorithmName.SHA512, RSASignaturePadding.Pss)
            : throw new InvalidOperationException("This RSA key holds no private key.");

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == key.KeySize / 8 && key.VerifyData(data, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pss);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            key.Dispose();
        }

        base.Dispose(disposing);
    }
}
