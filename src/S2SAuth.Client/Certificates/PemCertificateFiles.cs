using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace S2SAuth.Client.Certificates;

/// <summary>
/// Reads a certificate and its private key from PEM files (.NET's <see cref="X509Certificate2.CreateFromPem(ReadOnlySpan{char}, ReadOnlySpan{char})"/>):
/// the first <c>CERTIFICATE</c> of the certificate file is the leaf, the key is PKCS#8 <c>PRIVATE KEY</c>, <c>RSA PRIVATE KEY</c>
/// or <c>EC PRIVATE KEY</c>. A failure is a short reason code, never the file's content or an exception message.
/// </summary>
internal static class PemCertificateFiles
{
    private static readonly string[] KeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    /// <summary>The raw bytes of both files (the key file is the certificate file when none is given), or a reason code.</summary>
    public static (byte[]? Certificate, byte[]? Key, string? Error) Read(string certificatePath, string? keyPath)
    {
        try
        {
            var certificate = File.ReadAllBytes(certificatePath);
            var key = string.IsNullOrEmpty(keyPath) ? certificate : File.ReadAllBytes(keyPath);
            return (certificate, key, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return (null, null, e is FileNotFoundException or DirectoryNotFoundException ? "file_not_found" : "file_unreadable");
        }
    }

    /// <summary>A content hash of the pair, to notice a change without parsing.</summary>
    public static byte[] Hash(byte[] certificate, byte[] key)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(certificate);
        hash.AppendData(key);
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// The certificate with its private key, usable by <c>SslStream</c> on every platform, or a reason code:
    /// <c>certificate_invalid</c>, <c>private_key_missing</c>, <c>private_key_encrypted</c>, <c>private_key_mismatch</c>, <c>certificate_expired</c>.
    /// </summary>
    public static (X509Certificate2? Certificate, string? Error) Load(byte[] certificateBytes, byte[] keyBytes, DateTimeOffset now)
    {
        var certificatePem = System.Text.Encoding.UTF8.GetString(certificateBytes);
        var keyPem = System.Text.Encoding.UTF8.GetString(keyBytes);
        try
        {
            using (var bare = X509Certificate2.CreateFromPem(certificatePem))
            {
                if (bare.NotAfter.ToUniversalTime() <= now.UtcDateTime)
                {
                    return (null, "certificate_expired");
                }
            }
        }
        catch (CryptographicException)
        {
            return (null, "certificate_invalid");
        }

        var label = KeyLabel(keyPem);
        if (label is null)
        {
            return (null, "private_key_missing");
        }

        if (label == "ENCRYPTED PRIVATE KEY")
        {
            return (null, "private_key_encrypted");
        }

        try
        {
            using var withKey = X509Certificate2.CreateFromPem(certificatePem, keyPem);

            // A PKCS#12 round trip gives a persisted-style key that SslStream accepts on every platform (Windows refuses ephemeral keys).
            var pkcs12 = withKey.Export(X509ContentType.Pkcs12);
            try
            {
                return (X509CertificateLoader.LoadPkcs12(pkcs12, null), null);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs12);
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return (null, "private_key_mismatch"); // unreadable, or the key of another certificate
        }
    }

    private static string? KeyLabel(string pem)
    {
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            if (label == "ENCRYPTED PRIVATE KEY" || KeyLabels.Contains(label))
            {
                return label;
            }

            rest = rest[fields.Location.End..];
        }

        return null;
    }
}
