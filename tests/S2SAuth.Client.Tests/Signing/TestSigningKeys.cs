using System.Security.Cryptography;
using NSec.Cryptography;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Tests.Signing;

/// <summary>
/// Fresh keys per algorithm as a service would configure them (a PKCS#8 PEM file, or a base64 secret) with the
/// receiver's verification key, written to a temporary directory.
/// </summary>
public sealed class TestSigningKeys : IDisposable
{
    public const string KeyId = "orders-2026";

    public TestSigningKeys()
    {
        Directory.CreateDirectory(DirectoryPath);
    }

    public string DirectoryPath { get; } = Path.Combine(Path.GetTempPath(), "s2sauth-signing-" + Guid.NewGuid().ToString("N"));

    public string KeyPath => Path.Combine(DirectoryPath, "signing.key");

    /// <summary>A new key: its PEM (or base64 secret for hmac-sha256) and the receiver's key for <see cref="KeyId"/>.</summary>
    internal static (string Material, SignatureKey Verifier) Create(string algorithm)
    {
        switch (algorithm)
        {
            case SignatureAlgorithms.Ed25519:
                using (var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }))
                {
                    var pem = System.Text.Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPrivateKeyText));
                    return (pem, Ed25519SignatureKey.FromPublicKey(KeyId, key.PublicKey.Export(KeyBlobFormat.RawPublicKey))!);
                }

            case SignatureAlgorithms.EcdsaP256Sha256:
                using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    var verifier = ECDsa.Create();
                    verifier.ImportSubjectPublicKeyInfo(ecdsa.ExportSubjectPublicKeyInfo(), out _);
                    return (ecdsa.ExportPkcs8PrivateKeyPem(), new EcdsaP256SignatureKey(KeyId, verifier, hasPrivateKey: false));
                }

            case SignatureAlgorithms.RsaPssSha512:
                using (var rsa = RSA.Create(2048))
                {
                    var verifier = RSA.Create();
                    verifier.ImportSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _);
                    return (rsa.ExportPkcs8PrivateKeyPem(), new RsaPssSha512SignatureKey(KeyId, verifier, hasPrivateKey: false));
                }

            default:
                var secret = RandomNumberGenerator.GetBytes(32);
                return (Convert.ToBase64String(secret), new HmacSha256SignatureKey(KeyId, secret));
        }
    }

    /// <summary>Settings for <paramref name="algorithm"/> with <paramref name="material"/> (written to <see cref="KeyPath"/> unless HMAC).</summary>
    public Dictionary<string, string?> Settings(string algorithm, string material)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ServiceAuth:RequestSigning:KeyId"] = KeyId,
            ["ServiceAuth:RequestSigning:Algorithm"] = algorithm,
        };
        if (algorithm == SignatureAlgorithms.HmacSha256)
        {
            settings["ServiceAuth:RequestSigning:Secret"] = material;
        }
        else
        {
            Write(material);
            settings["ServiceAuth:RequestSigning:PrivateKeyPath"] = KeyPath;
        }

        return settings;
    }

    /// <summary>Replaces the key file the way a secret mount does: a new file moved over the old one.</summary>
    public void Write(string pem)
    {
        var temporary = KeyPath + ".tmp";
        File.WriteAllText(temporary, pem);
        File.Move(temporary, KeyPath, overwrite: true);
    }

    public void Dispose() => Directory.Delete(DirectoryPath, recursive: true);
}
