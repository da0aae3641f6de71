namespace S2SAuth.Client.Signatures;

/// <summary>The RFC 9421 §6.2 registry names of the algorithms this core signs and verifies.</summary>
internal static class SignatureAlgorithms
{
    public const string Ed25519 = "ed25519";
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256";
    public const string HmacSha256 = "hmac-sha256";
    public const string RsaPssSha512 = "rsa-pss-sha512";
}
