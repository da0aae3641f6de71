using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuthService.Accounts;

/// <summary>
/// How an account's RFC 8705 certificate registration is stored (application properties) and matched: the SAN of a
/// CA-issued certificate (<c>tls_client_auth_san_dns</c> / <c>tls_client_auth_san_uri</c>, exact match), or the account's own
/// self-signed certificate. OpenIddict 7.9 has no field for either (see <see cref="ServiceAccountApplicationManager"/>).
/// </summary>
public static class CertificateRegistration
{
    internal const string SanDnsProperty = "s2s_tls_client_auth_san_dns";
    internal const string SanUriProperty = "s2s_tls_client_auth_san_uri";
    internal const string SelfSignedProperty = "s2s_self_signed_certificate";
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>The self-signed client certificate in <paramref name="pem"/>, or <see langword="null"/> when it is not one.</summary>
    public static X509Certificate2? ParseSelfSigned(string pem)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromPem(pem);
            if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) && HasClientAuthentication(certificate))
            {
                return certificate;
            }

            certificate.Dispose();
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="certificate"/> names <paramref name="dns"/> or <paramref name="uri"/> in its subject alternative names.</summary>
    public static bool Matches(X509Certificate2 certificate, string? dns, string? uri)
    {
        var (dnsNames, uris) = SubjectAlternativeNames(certificate);
        return (!string.IsNullOrEmpty(dns) && dnsNames.Contains(dns, StringComparer.OrdinalIgnoreCase))
            || (!string.IsNullOrEmpty(uri) && uris.Contains(uri, StringComparer.Ordinal));
    }

    private static bool HasClientAuthentication(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } usage
        || usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == ClientAuthenticationOid);

    /// <summary>The dNSName and uniformResourceIdentifier entries of the SAN extension (RFC 5280 §4.2.1.6); none when it is malformed.</summary>
    private static (List<string> Dns, List<string> Uris) SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var dns = new List<string>();
        var uris = new List<string>();
        if (certificate.Extensions["2.5.29.17"] is not { } extension)
        {
            return (dns, uris);
        }

        try
        {
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag == new Asn1Tag(TagClass.ContextSpecific, 2))
                {
                    dns.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                }
                else if (tag == new Asn1Tag(TagClass.ContextSpecific, 6))
                {
                    uris.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return ([], []);
        }

        return (dns, uris);
    }
}
