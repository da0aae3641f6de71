namespace S2SAuth;

/// <summary>
/// One peer key of <see cref="SignedRequestOptions.Keys"/>: its algorithm and material, and the service it proves. An
/// asymmetric key is given by <see cref="PublicKey"/> or <see cref="PublicKeyPath"/>; an HMAC key by <see cref="Secret"/>.
/// </summary>
public sealed class SignedRequestKeyOptions
{
    /// <summary>The RFC 9421 algorithm: <c>ed25519</c>, <c>ecdsa-p256-sha256</c>, <c>rsa-pss-sha512</c> or <c>hmac-sha256</c>. A signature's <c>alg</c>, when sent, must match it.</summary>
    public string? Algorithm { get; set; }

    /// <summary>The public key: PEM (<c>PUBLIC KEY</c>; RSA also <c>RSA PUBLIC KEY</c>) or base64 of its SubjectPublicKeyInfo; for ed25519 also the base64 of the 32 raw bytes.</summary>
    public string? PublicKey { get; set; }

    /// <summary>A file holding <see cref="PublicKey"/> (read at start-up), instead of the value itself.</summary>
    public string? PublicKeyPath { get; set; }

    /// <summary>The shared secret of an <c>hmac-sha256</c> key, base64, at least 32 bytes. Never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>The service a request signed with this key proves (<see cref="ServiceIdentity.ServiceId"/>).</summary>
    public string? ServiceId { get; set; }

    /// <summary>The scopes that service is granted (what <c>RequireActivity</c> checks).</summary>
    public IList<string> Scopes { get; set; } = [];

    /// <summary>The tenant the key is bound to (<see cref="TenantSource.Credential"/>), or <see langword="null"/>.</summary>
    public string? Tenant { get; set; }
}
