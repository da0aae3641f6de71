using System.Formats.Asn1;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using S2SAuth.Client.Signatures;

namespace S2SAuth.Client.Signing;

/// <summary>
/// Turns the configured key material into a signing <see cref="SignatureKey"/>: a PEM private key file (PKCS#8
/// <c>PRIVATE KEY</c>, <c>EC PRIVATE KEY</c>, <c>RSA PRIVATE KEY</c>) or a base64 HMAC secret. The key's type is read from
/// the PEM label or the PKCS#8 algorithm identifier and must fit the configured algorithm. A failure is a short reason
/// code (see <see cref="RequestSigningKeys.Describe"/>), never the file's content or an exception message.
/// </summary>
internal static class SigningKeyFiles
{
    public const int MinSecretBytes = 32;

    private const string OidEc = "1.2.840.10045.2.1";
    private const string OidRsa = "1.2.840.113549.1.1.1";
    private const string OidEd25519 = "1.3.101.112";
    private const string OidP256 = "1.2.840.10045.3.1.7";
    private const int MaxFileBytes = 64 * 1024;

    /// <summary>The raw bytes of the key file, or a reason code.</summary>
    public static (byte[]? Bytes, string? Error) Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                return (null, "key_unreadable");
            }

            return (File.ReadAllBytes(path), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return (null, e is FileNotFoundException or DirectoryNotFoundException ? "file_not_found" : "file_unreadable");
        }
    }

    /// <summary>The HMAC key from a base64 secret, or a reason code.</summary>
    public static (SignatureKey? Key, string? Error) FromSecret(string keyId, string secret)
    {
        var buffer = new byte[(secret.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(secret.Trim(), buffer, out var length))
        {
            return (null, "secret_not_base64");
        }

        try
        {
            return length < MinSecretBytes ? (null, "secret_too_short") : (new HmacSha256SignatureKey(keyId, buffer[..length]), null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>The signing key for <paramref name="algorithm"/> from a PEM file's bytes, or a reason code.</summary>
    public static (SignatureKey? Key, string? Error) FromPem(string keyId, string algorithm, byte[] pemBytes)
    {
        var pem = System.Text.Encoding.UTF8.GetString(pemBytes);
        var (label, der) = FindPrivateKey(pem);
        if (label is null || der is null)
        {
            return (null, label == "ENCRYPTED PRIVATE KEY" ? "key_encrypted" : "key_missing");
        }

        try
        {
            var kind = label switch
            {
                "EC PRIVATE KEY" => KeyKind.Ec,
                "RSA PRIVATE KEY" => KeyKind.Rsa,
                _ => Pkcs8Kind(der),
            };
            var expected = algorithm switch
            {
                SignatureAlgorithms.Ed25519 => KeyKind.Ed25519,
                SignatureAlgorithms.EcdsaP256Sha256 => KeyKind.Ec,
                SignatureAlgorithms.RsaPssSha512 => KeyKind.Rsa,
                _ => KeyKind.None,
            };
            if (kind != expected)
            {
                return (null, "key_is_" + kind.ToString().ToLowerInvariant());
            }

            return kind switch
            {
                KeyKind.Ed25519 => Ed25519(keyId, der),
                KeyKind.Ec => Ecdsa(keyId, der, label),
                _ => Rsa(keyId, der, label),
            };
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException)
        {
            return (null, "key_unreadable");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    private static (string? Label, byte[]? Der) FindPrivateKey(string pem)
    {
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            if (label is "PRIVATE KEY" or "EC PRIVATE KEY" or "RSA PRIVATE KEY")
            {
                var der = new byte[fields.DecodedDataLength];
                return Convert.TryFromBase64Chars(rest[fields.Base64Data], der, out _) ? (label, der) : (label, null);
            }

            if (label == "ENCRYPTED PRIVATE KEY")
            {
                return (label, null);
            }

            rest = rest[fields.Location.End..];
        }

        return (null, null);
    }

    // PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, ... }
    private static KeyKind Pkcs8Kind(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var info = reader.ReadSequence();
        info.ReadInteger();
        var algorithm = info.ReadSequence();
        return algorithm.ReadObjectIdentifier() switch
        {
            OidEc => KeyKind.Ec,
            OidRsa => KeyKind.Rsa,
            OidEd25519 => KeyKind.Ed25519,
            _ => KeyKind.Other,
        };
    }

    // Kept apart so NSec (and libsodium) load only when an Ed25519 key is configured.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (SignatureKey? Key, string? Error) Ed25519(string keyId, byte[] der) =>
        Ed25519SignatureKey.FromPkcs8(keyId, der) is { } key ? (key, null) : (null, "key_unreadable");

    private static (SignatureKey? Key, string? Error) Ecdsa(string keyId, byte[] der, string label)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            if (label == "EC PRIVATE KEY")
            {
                ecdsa.ImportECPrivateKey(der, out _);
            }
            else
            {
                ecdsa.ImportPkcs8PrivateKey(der, out _);
            }

            var curve = ecdsa.ExportParameters(false).Curve;
            if (curve.Oid?.Value != OidP256 && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1"))
            {
                ecdsa.Dispose();
                return (null, "key_not_p256");
            }

            return (new EcdsaP256SignatureKey(keyId, ecdsa, hasPrivateKey: true), null);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    private static (SignatureKey? Key, string? Error) Rsa(string keyId, byte[] der, string label)
    {
        var rsa = RSA.Create();
        try
        {
            if (label == "RSA PRIVATE KEY")
            {
                rsa.ImportRSAPrivateKey(der, out _);
            }
            else
            {
                rsa.ImportPkcs8PrivateKey(der, out _);
            }

            if (rsa.KeySize < 2048)
            {
                rsa.Dispose();
                return (null, "key_too_small");
            }

            return (new RsaPssSha512SignatureKey(keyId, rsa, hasPrivateKey: true), null);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private enum KeyKind
    {
        None,
        Other,
        Ed25519,
        Ec,
        Rsa,
    }
}
