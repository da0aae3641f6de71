using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using S2SAuth.Client.Signatures;

namespace S2SAuth.SignedRequests;

/// <summary>
/// Turns one configured key (<see cref="SignedRequestKeyOptions"/>) into a verification <see cref="SignatureKey"/>, or
/// says in S2SAuth's own words what is wrong with it. Messages name the setting, never the key material. Only public
/// keys are taken for asymmetric algorithms: a private key in configuration is refused.
/// </summary>
internal static class SignatureKeyLoader
{
    private const int MinSecretBytes = 32;

    // SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }.
    private static ReadOnlySpan<byte> Ed25519SpkiPrefix => [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

    public static SignatureKey? TryLoad(string keyId, SignedRequestKeyOptions options, out string? error)
    {
        error = null;
        var algorithm = options.Algorithm?.Trim().ToLowerInvariant();
        if (algorithm == SignatureAlgorithms.HmacSha256)
        {
            if (options.PublicKey is not null || options.PublicKeyPath is not null)
            {
                error = "is an hmac-sha256 key: give its Secret, not a PublicKey or PublicKeyPath.";
                return null;
            }

            var secret = Base64(options.Secret);
            if (secret is null || secret.Length < MinSecretBytes)
            {
                error = $"needs a Secret: base64 of at least {MinSecretBytes} random bytes.";
                return null;
            }

            return new HmacSha256SignatureKey(keyId, secret);
        }

        if (algorithm is not (SignatureAlgorithms.Ed25519 or SignatureAlgorithms.EcdsaP256Sha256 or SignatureAlgorithms.RsaPssSha512))
        {
            error = "needs an Algorithm: ed25519, ecdsa-p256-sha256, rsa-pss-sha512 or hmac-sha256.";
            return null;
        }

        if (options.Secret is not null)
        {
            error = $"is an {algorithm} key: give its PublicKey or PublicKeyPath, not a Secret.";
            return null;
        }

        if ((options.PublicKey is null) == (options.PublicKeyPath is null))
        {
            error = "needs exactly one of PublicKey and PublicKeyPath.";
            return null;
        }

        string text;
        try
        {
            text = options.PublicKey ?? File.ReadAllText(options.PublicKeyPath!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"has a PublicKeyPath that cannot be read ({e.GetType().Name}).";
            return null;
        }

        SignatureKey? key = algorithm switch
        {
            SignatureAlgorithms.Ed25519 => LoadEd25519(keyId, text),
            SignatureAlgorithms.EcdsaP256Sha256 => LoadEcdsa(keyId, text),
            _ => LoadRsa(keyId, text),
        };
        if (key is null)
        {
            error = algorithm switch
            {
                SignatureAlgorithms.Ed25519 => "has a PublicKey that is not an Ed25519 public key (PEM 'PUBLIC KEY', base64 SubjectPublicKeyInfo, or base64 of the 32 raw bytes).",
                SignatureAlgorithms.EcdsaP256Sha256 => "has a PublicKey that is not a P-256 public key (PEM 'PUBLIC KEY' or base64 SubjectPublicKeyInfo).",
                _ => "has a PublicKey that is not an RSA public key of 2048 bits or more (PEM 'PUBLIC KEY' / 'RSA PUBLIC KEY' or base64 SubjectPublicKeyInfo).",
            };
        }

        return key;
    }

    /// <summary>The DER of a public key given as PEM (only public-key labels) or base64; null for anything else, a private key included.</summary>
    private static byte[]? PublicKeyDer(string text, out string? label)
    {
        label = null;
        if (PemEncoding.TryFind(text, out var fields))
        {
            label = text[fields.Label].ToString();
            if (label is not ("PUBLIC KEY" or "RSA PUBLIC KEY"))
            {
                return null;
            }

            return Base64(text[fields.Base64Data].ToString());
        }

        return text.Contains("-----", StringComparison.Ordinal) ? null : Base64(text);
    }

    // NSec (libsodium) is touched only here, so it loads only when an Ed25519 key is configured.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Ed25519SignatureKey? LoadEd25519(string keyId, string text)
    {
        var der = PublicKeyDer(text, out var label);
        if (der is null || label is "RSA PUBLIC KEY")
        {
            return null;
        }

        ReadOnlySpan<byte> raw = der;
        if (der.Length == Ed25519SpkiPrefix.Length + 32 && raw.StartsWith(Ed25519SpkiPrefix))
        {
            raw = raw[Ed25519SpkiPrefix.Length..];
        }
        else if (der.Length != 32 || label is not null)
        {
            return null;
        }

        return Ed25519SignatureKey.FromPublicKey(keyId, raw);
    }

    private static EcdsaP256SignatureKey? LoadEcdsa(string keyId, string text)
    {
        var der = PublicKeyDer(text, out var label);
        if (der is null || label is "RSA PUBLIC KEY")
        {
            return null;
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length || ecdsa.ExportParameters(false).Curve.Oid.Value != "1.2.840.10045.3.1.7")
            {
                ecdsa.Dispose();
                return null;
            }

            return new EcdsaP256SignatureKey(keyId, ecdsa, hasPrivateKey: false);
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            return null;
        }
    }

    private static RsaPssSha512SignatureKey? LoadRsa(string keyId, string text)
    {
        var der = PublicKeyDer(text, out var label);
        if (der is null)
        {
            return null;
        }

        var rsa = RSA.Create();
        try
        {
            int read;
            if (label is "RSA PUBLIC KEY")
            {
                rsa.ImportRSAPublicKey(der, out read);
            }
            else
            {
                rsa.ImportSubjectPublicKeyInfo(der, out read);
            }

            if (read != der.Length || rsa.KeySize < 2048)
            {
                rsa.Dispose();
                return null;
            }

            return new RsaPssSha512SignatureKey(keyId, rsa, hasPrivateKey: false);
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            return null;
        }
    }

    private static byte[]? Base64(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).Replace('-', '+').Replace('_', '/');
        compact = compact.PadRight(compact.Length + ((4 - (compact.Length % 4)) % 4), '=');
        var buffer = new byte[compact.Length];
        return Convert.TryFromBase64String(compact, buffer, out var written) ? buffer[..written] : null;
    }
}
