using System.Security.Cryptography;

namespace S2SAuth.Client.Signatures;

/// <summary>hmac-sha256 (RFC 9421 §3.3.3) with a shared secret; verification compares in constant time.</summary>
internal sealed class HmacSha256SignatureKey(string keyId, byte[] secret) : SignatureKey(keyId, SignatureAlgorithms.HmacSha256)
{
    private readonly byte[] secret = secret.ToArray();

    public override bool CanSign => true;

    public override byte[] Sign(ReadOnlySpan<byte> data) => HMACSHA256.HashData(secret, data);

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, data, expected);
        return signature.Length == expected.Length && CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        base.Dispose(disposing);
    }
}
