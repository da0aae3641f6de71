using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace S2SAuth.CertificateRevocation;

/// <summary>
/// Reads an RFC 5280 X.509 CRL, DER or PEM (<c>-----BEGIN X509 CRL-----</c>), with <see cref="AsnReader"/>: .NET's
/// <c>CertificateRevocationListBuilder.Load</c> neither exposes the entries nor verifies the signature. Strict: DER only
/// (as RFC 5280 requires), v2 or v1, a <c>nextUpdate</c>, a supported signature algorithm equal inside and outside the
/// signed part, no delta or indirect list, no critical extension it does not understand (RFC 5280 5.2, 5.3), at most
/// <see cref="MaxSize"/> bytes. Anything else is refused with a short reason; it never throws.
/// </summary>
internal static class RevocationListReader
{
    /// <summary>The largest list read (DER or PEM): 10 MiB.</summary>
    public const int MaxSize = 10 * 1024 * 1024;

    private const string PemLabel = "X509 CRL";
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";
    private const string CrlNumberOid = "2.5.29.20";
    private const string DeltaCrlIndicatorOid = "2.5.29.27";
    private const string IssuingDistributionPointOid = "2.5.29.28";
    private const string CertificateIssuerOid = "2.5.29.29";

    // Extensions understood (or safely ignored) even when critical.
    private static readonly FrozenSet<string> KnownListExtensions = FrozenSet.ToFrozenSet(
    [
        AuthorityKeyIdentifierOid, CrlNumberOid, IssuingDistributionPointOid,
        "2.5.29.18", // issuerAltName
        "2.5.29.46", // freshestCRL
        "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> KnownEntryExtensions = FrozenSet.ToFrozenSet(
    [
        "2.5.29.21", // reasonCode
        "2.5.29.23", // holdInstructionCode
        "2.5.29.24", // invalidityDate
    ], StringComparer.Ordinal);

    /// <summary>Reads <paramref name="data"/>; on failure <paramref name="error"/> says why (no content of the list).</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, [NotNullWhen(true)] out RevocationList? list, [NotNullWhen(false)] out string? error)
    {
        list = null;
        if (data.Length > MaxSize)
        {
            error = $"larger than {MaxSize} bytes";
            return false;
        }

        if (data.IsEmpty)
        {
            error = "empty";
            return false;
        }

        try
        {
            byte[]? der = data[0] == 0x30 ? data.ToArray() : FromPem(data);
            if (der is null)
            {
                error = "neither DER nor a PEM 'X509 CRL' block";
                return false;
            }

            list = Parse(der, out error);
            return list is not null;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or FormatException or ArgumentException or OverflowException or DecoderFallbackException)
        {
            error = "malformed (" + e.GetType().Name + ")";
            return false;
        }
    }

    private static byte[]? FromPem(ReadOnlySpan<byte> data)
    {
        var text = Encoding.ASCII.GetString(data).AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual(PemLabel))
            {
                var der = new byte[fields.DecodedDataLength];
                return Convert.TryFromBase64Chars(text[fields.Base64Data], der, out var written) ? der[..written] : null;
            }

            text = text[fields.Location.End..];
        }

        return null;
    }

    private static RevocationList? Parse(byte[] der, out string? error)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var certificateList = outer.ReadSequence();
        if (outer.HasData)
        {
            error = "trailing data after the list";
            return null;
        }

        var tbsEncoded = certificateList.ReadEncodedValue().ToArray();
        var outerAlgorithm = certificateList.PeekEncodedValue().ToArray();
        var algorithm = RevocationListSignatureAlgorithm.Read(certificateList);
        var signature = certificateList.ReadBitString(out var unusedBits);
        certificateList.ThrowIfNotEmpty();
        if (algorithm is null)
        {
            error = "signature algorithm not supported";
            return null;
        }

        if (unusedBits != 0)
        {
            error = "malformed signature";
            return null;
        }

        var tbs = new AsnReader(tbsEncoded, AsnEncodingRules.DER).ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            // Only v2 (INTEGER 1) is ever written; v1 lists omit the field.
            if (!tbs.TryReadInt32(out var version) || version != 1)
            {
                error = "unsupported version";
                return null;
            }
        }

        if (!tbs.ReadEncodedValue().Span.SequenceEqual(outerAlgorithm))
        {
            error = "signature algorithm differs inside and outside the signed part";
            return null;
        }

        if (!tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            error = "malformed issuer";
            return null;
        }

        var issuer = tbs.ReadEncodedValue().ToArray();
        _ = new X500DistinguishedName(issuer).EnumerateRelativeDistinguishedNames().Count(); // a well-formed Name, or CryptographicException
        var thisUpdate = ReadTime(tbs);
        if (!tbs.HasData || !IsTime(tbs.PeekTag()))
        {
            error = "no nextUpdate";
            return null;
        }

        var nextUpdate = ReadTime(tbs);
        var serials = new HashSet<string>(StringComparer.Ordinal);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                var entry = entries.ReadSequence();
                var serial = Convert.ToHexString(entry.ReadIntegerBytes().Span);
                ReadTime(entry);
                if (entry.HasData && ReadEntryExtensions(entry.ReadSequence()) is { } entryError)
                {
                    error = entryError;
                    return null;
                }

                entry.ThrowIfNotEmpty();
                serials.Add(serial);
            }
        }

        byte[]? authorityKeyIdentifier = null;
        BigInteger? number = null;
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (tbs.HasData)
        {
            var wrapper = tbs.ReadSequence(extensionsTag);
            var extensions = wrapper.ReadSequence();
            wrapper.ThrowIfNotEmpty();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (extensions.HasData)
            {
                var (oid, critical, value) = ReadExtension(extensions);
                if (!seen.Add(oid))
                {
                    error = "an extension appears twice";
                    return null;
                }

                switch (oid)
                {
                    case AuthorityKeyIdentifierOid:
                        authorityKeyIdentifier = ReadKeyIdentifier(value);
                        break;
                    case CrlNumberOid:
                        var numberReader = new AsnReader(value, AsnEncodingRules.DER);
                        number = numberReader.ReadInteger();
                        numberReader.ThrowIfNotEmpty();
                        break;
                    case DeltaCrlIndicatorOid:
                        error = "delta lists are not supported";
                        return null;
                    case IssuingDistributionPointOid when ReadDistributionPointError(value) is { } idpError:
                        error = idpError;
                        return null;
                    default:
                        if (critical && !KnownListExtensions.Contains(oid))
                        {
                            error = $"critical extension {oid} not understood";
                            return null;
                        }

                        break;
                }
            }
        }

        tbs.ThrowIfNotEmpty();
        error = null;
        return new RevocationList(issuer, thisUpdate, nextUpdate, serials.ToFrozenSet(StringComparer.Ordinal), authorityKeyIdentifier, number,
            algorithm.Value, signature, tbsEncoded, der);
    }

    private static string? ReadEntryExtensions(AsnReader extensions)
    {
        while (extensions.HasData)
        {
            var (oid, critical, _) = ReadExtension(extensions);
            if (oid == CertificateIssuerOid)
            {
                return "indirect lists (certificateIssuer entries) are not supported";
            }

            if (critical && !KnownEntryExtensions.Contains(oid))
            {
                return $"critical entry extension {oid} not understood";
            }
        }

        return null;
    }

    private static (string Oid, bool Critical, byte[] Value) ReadExtension(AsnReader extensions)
    {
        var extension = extensions.ReadSequence();
        var oid = extension.ReadObjectIdentifier();
        var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
        var value = extension.ReadOctetString();
        extension.ThrowIfNotEmpty();
        return (oid, critical, value);
    }

    /// <summary>The keyIdentifier of an AuthorityKeyIdentifier (RFC 5280 4.2.1.1), if it has one.</summary>
    private static byte[]? ReadKeyIdentifier(byte[] value)
    {
        var reader = new AsnReader(value, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var keyIdentifier = new Asn1Tag(TagClass.ContextSpecific, 0);
        return sequence.HasData && sequence.PeekTag().HasSameClassAndValue(keyIdentifier) ? sequence.ReadOctetString(keyIdentifier) : null;
    }

    /// <summary>
    /// An IssuingDistributionPoint (RFC 5280 5.2.5) is understood: a partial list (by distribution point, reason or
    /// certificate kind) still revokes what it lists, since serial numbers are unique per CA. Indirect lists and lists of
    /// attribute certificates are refused.
    /// </summary>
    private static string? ReadDistributionPointError(byte[] value)
    {
        var reader = new AsnReader(value, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 4 or 5 && !tag.IsConstructed)
            {
                if (sequence.ReadBoolean(tag))
                {
                    return tag.TagValue == 4 ? "indirect lists are not supported" : "a list of attribute certificates";
                }
            }
            else
            {
                sequence.ReadEncodedValue();
            }
        }

        return null;
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
