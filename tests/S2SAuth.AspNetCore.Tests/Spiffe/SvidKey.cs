using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.AspNetCore.Tests.Spiffe;

/// <summary>A JWT-SVID signing key of a test trust domain: its private key to sign with, and its public JWK for a bundle.</summary>
public sealed class SvidKey
{
    private SvidKey(string keyId, string algorithm, AsymmetricSecurityKey key, JsonObject publicJwk)
    {
        KeyId = keyId;
        Algorithm = algorithm;
        SecurityKey = key;
        PublicJwk = publicJwk;
    }

    public string KeyId { get; }

    public string Algorithm { get; }

    public AsymmetricSecurityKey SecurityKey { get; }

    /// <summary>The public JWK, without <c>use</c> (the bundle writer sets it).</summary>
    public JsonObject PublicJwk { get; }

    /// <summary>A P-256 key (ES256), as SPIRE uses by default.</summary>
    public static SvidKey EcP256(string keyId)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "EC", ["kid"] = keyId, ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
        };
        return new SvidKey(keyId, SecurityAlgorithms.EcdsaSha256, new ECDsaSecurityKey(ec) { KeyId = keyId }, jwk);
    }

    /// <summary>An RSA key of <paramref name="bits"/> bits, signing with <paramref name="algorithm"/> (RS*/PS*).</summary>
    public static SvidKey Rsa(string keyId, string algorithm = SecurityAlgorithms.RsaSha256, int bits = 2048)
    {
        var rsa = System.Security.Cryptography.RSA.Create(bits);
        var p = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA", ["kid"] = keyId, ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        return new SvidKey(keyId, algorithm, new RsaSecurityKey(rsa) { KeyId = keyId }, jwk);
    }

    /// <summary>The public JWK with <c>use</c> set (or left out when <see langword="null"/>).</summary>
    public JsonObject Jwk(string? use)
    {
        var jwk = (JsonObject)PublicJwk.DeepClone();
        if (use is not null)
        {
            jwk["use"] = use;
        }

        return jwk;
    }
}
