using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace S2SAuth.CertificateRevocation;

/// <summary>
/// Checks a revocation list's signature with a CA certificate's public key (.NET's <c>CertificateRevocationListBuilder</c>
/// cannot: it loads a list only to extend it, without verifying it or exposing its entries).
/// </summary>
internal static class RevocationListSignature
{
    /// <summary>Whether <paramref name="signature"/> over <paramref name="signedData"/> verifies with the key of <paramref name="issuer"/>; never throws.</summary>
    public static bool Verify(RevocationListSignatureAlgorithm algorithm, byte[] signedData, byte[] signature, X509Certificate2 issuer)
    {
        try
        {
            switch (algorithm.Kind)
            {
                case RevocationListSignatureKind.Ecdsa:
                {
                    using var key = issuer.GetECDsaPublicKey();
                    return key is not null && key.VerifyData(signedData, signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);
                }

                case RevocationListSignatureKind.RsaPkcs1:
                case RevocationListSignatureKind.RsaPss:
                {
                    using var key = issuer.GetRSAPublicKey();
                    var padding = algorithm.Kind == RevocationListSignatureKind.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
                    return key is not null && key.VerifyData(signedData, signature, algorithm.Hash, padding);
                }

                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
