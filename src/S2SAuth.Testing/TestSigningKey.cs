using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Testing;

/// <summary>A signing key held by a <see cref="TestIssuer"/>: its key id, algorithm and private key.</summary>
public sealed class TestSigningKey
{
    private TestSigningKey(string keyId, string algorithm, AsymmetricSecurityKey key, Dictionary<string, string> publicJwk)
    {
        KeyId = keyId;
        Algorithm = algorithm;
        SecurityKey = key;
        PublicJwk = publicJwk;
    }

    /// <summary>The <c>kid</c> published in the JWKS and written into token headers.</summary>
    public string KeyId { get; }

    /// <summary>The JWS algorithm this key signs with (RS256, PS256 or ES256).</summary>
    public string Algorithm { get; }

    /// <summary>The private key, for signing.</summary>
    public AsymmetricSecurityKey SecurityKey { get; }

    internal IReadOnlyDictionary<string, string> PublicJwk { get; }

    /// <summary>Creates a new random key for <paramref name="algorithm"/> (RS256/PS256: RSA-2048; ES256: P-256).</summary>
    public static TestSigningKey Create(string keyId, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        switch (algorithm)
        {
            case SecurityAlgorithms.RsaSha256:
            case SecurityAlgorithms.RsaSsaPssSha256:
            {
                var rsa = RSA.Create(2048);
                var p = rsa.ExportParameters(includePrivateParameters: false);
                var jwk = new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["kid"] = keyId, ["alg"] = algorithm,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                };
                return new TestSigningKey(keyId, algorithm, new RsaSecurityKey(rsa) { KeyId = keyId }, jwk);
            }
            case SecurityAlgorithms.EcdsaSha256:
            {
                var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var p = ec.ExportParameters(includePrivateParameters: false);
                var jwk = new Dictionary<string, string>
                {
                    ["kty"] = "EC", ["use"] = "sig", ["kid"] = keyId, ["alg"] = algorithm, ["crv"] = "P-256",
                    ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
                };
                return new TestSigningKey(keyId, algorithm, new ECDsaSecurityKey(ec) { KeyId = keyId }, jwk);
            }
            default:
                throw new ArgumentException($"Unsupported test key algorithm '{algorithm}'. Use RS256, PS256 or ES256.", nameof(algorithm));
        }
    }

    /// <summary>Creates a new random RSA key of <paramref name="keySizeInBits"/> bits (e.g. a too-weak 1024-bit key) for RS256 or PS256.</summary>
    public static TestSigningKey CreateRsa(string keyId, string algorithm, int keySizeInBits)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (algorithm is not (SecurityAlgorithms.RsaSha256 or SecurityAlgorithms.RsaSsaPssSha256))
        {
            throw new ArgumentException($"Unsupported RSA algorithm '{algorithm}'. Use RS256 or PS256.", nameof(algorithm));
        }

        var rsa = RSA.Create(keySizeInBits);
        var p = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA", ["use"] = "sig", ["kid"] = keyId, ["alg"] = algorithm,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        return new TestSigningKey(keyId, algorithm, new RsaSecurityKey(rsa) { KeyId = keyId }, jwk);
    }

    /// <summary>
    /// The same key published with one JWK parameter changed (<see langword="null"/> removes it), e.g. <c>use=enc</c>
    /// or no <c>alg</c>: for tests of how a verifier reads unusual key sets. Signing is unchanged.
    /// </summary>
    public TestSigningKey WithJwkParameter(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var jwk = new Dictionary<string, string>(PublicJwk);
        if (value is null)
        {
            jwk.Remove(name);
        }
        else
        {
            jwk[name] = value;
        }

        return new TestSigningKey(KeyId, Algorithm, SecurityKey, jwk);
    }

    /// <summary>The public key as a JWK <c>n</c> (RSA modulus) or <c>x</c> (EC) value; used to forge "HMAC with the public key" tokens.</summary>
    public byte[] PublicKeyBytes() =>
        Base64UrlEncoder.DecodeBytes(PublicJwk.TryGetValue("n", out var n) ? n : PublicJwk["x"]);
}
