using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace S2SAuth.Certificates;

/// <summary>
/// The URI and DNS names of a certificate's subject alternative name extension (RFC 5280 §4.2.1.6). Read with
/// <see cref="AsnReader"/>: .NET's <see cref="X509SubjectAlternativeNameExtension"/> enumerates DNS names and IP
/// addresses but not URIs, which is where a SPIFFE ID lives.
/// </summary>
internal sealed class SubjectAlternativeNames
{
    private const string Oid = "2.5.29.17";
    private static readonly Asn1Tag DnsTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    private SubjectAlternativeNames(List<string> uris, List<string> dnsNames)
    {
        Uris = uris;
        DnsNames = dnsNames;
    }

    public IReadOnlyList<string> Uris { get; }

    public IReadOnlyList<string> DnsNames { get; }

    /// <summary>The names, or <see langword="null"/> when the extension appears twice or is not valid DER.</summary>
    public static SubjectAlternativeNames? Read(X509Certificate2 certificate)
    {
        List<string> uris = [];
        List<string> dnsNames = [];
        var seen = false;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != Oid)
            {
                continue;
            }

            if (seen || !TryRead(extension.RawData, uris, dnsNames))
            {
                return null;
            }

            seen = true;
        }

        return new SubjectAlternativeNames(uris, dnsNames);
    }

    private static bool TryRead(byte[] der, List<string> uris, List<string> dnsNames)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(UriTag))
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                }
                else if (tag.HasSameClassAndValue(DnsTag))
                {
                    dnsNames.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, DnsTag));
                }
                else
                {
                    names.ReadEncodedValue(); // other name forms (IP, e-mail, directory name...) are not identities here
                }
            }

            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
