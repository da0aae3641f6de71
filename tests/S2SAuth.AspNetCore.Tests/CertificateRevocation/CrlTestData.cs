using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using S2SAuth.CertificateRevocation;

namespace S2SAuth.AspNetCore.Tests.CertificateRevocation;

/// <summary>Certificates and revocation lists the tests need beyond <c>TestCertificateAuthority</c>: RSA CAs, leaves under an intermediate, lists written by hand.</summary>
internal static class CrlTestData
{
    public const string EcdsaSha256 = "1.2.840.10045.4.3.2";

    /// <summary>Reads a list that must be valid.</summary>
    public static RevocationList Read(byte[] data)
    {
        Assert.True(RevocationListReader.TryRead(data, out var list, out var error), error);
        return list;
    }

    /// <summary>A self-signed RSA CA allowed to sign lists.</summary>
    public static X509Certificate2 RsaAuthority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A client certificate issued by <paramref name="issuer"/> (which has its private key), e.g. an intermediate CA.</summary>
    public static X509Certificate2 IssueUnder(X509Certificate2 issuer, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var rsa = issuer.GetRSAPrivateKey();
        using var ecdsa = issuer.GetECDsaPrivateKey();
        var generator = rsa is not null ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1) : X509SignatureGenerator.CreateForECDsa(ecdsa!);
        using var signed = request.Create(issuer.SubjectName, generator, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), serial);
        return X509CertificateLoader.LoadCertificate(signed.RawData);
    }

    /// <summary>A list signed by <paramref name="issuer"/> with .NET's builder, revoking <paramref name="revoked"/>.</summary>
    public static byte[] ListOf(X509Certificate2 issuer, long number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, HashAlgorithmName hash, RSASignaturePadding? padding, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, thisUpdate);
        }

        return builder.Build(issuer, new BigInteger(number), nextUpdate, hash, padding, thisUpdate);
    }

    /// <summary>An extension for <see cref="Handmade"/>.</summary>
    public sealed record Extension(string Oid, bool Critical, byte[] Value);

    /// <summary>
    /// A list written field by field and signed with <paramref name="key"/> (ECDSA SHA-256): for shapes .NET's builder
    /// never writes (no nextUpdate, v1, unknown critical extensions, delta and indirect lists).
    /// </summary>
    public static byte[] Handmade(
        ECDsa key,
        X500DistinguishedName issuer,
        DateTimeOffset thisUpdate,
        DateTimeOffset? nextUpdate,
        IEnumerable<(byte[] Serial, Extension[] Extensions)>? entries = null,
        Extension[]? extensions = null,
        bool version2 = true,
        string algorithmOid = EcdsaSha256)
    {
        var algorithm = new AsnWriter(AsnEncodingRules.DER);
        using (algorithm.PushSequence())
        {
            algorithm.WriteObjectIdentifier(algorithmOid);
        }

        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            if (version2)
            {
                tbs.WriteInteger(1);
            }

            tbs.WriteEncodedValue(algorithm.Encode());
            tbs.WriteEncodedValue(issuer.RawData);
            tbs.WriteUtcTime(thisUpdate);
            if (nextUpdate is { } next)
            {
                tbs.WriteUtcTime(next);
            }

            var list = entries?.ToList() ?? [];
            if (list.Count > 0)
            {
                using (tbs.PushSequence())
                {
                    foreach (var (serial, entryExtensions) in list)
                    {
                        using (tbs.PushSequence())
                        {
                            tbs.WriteIntegerUnsigned(serial);
                            tbs.WriteUtcTime(thisUpdate);
                            if (entryExtensions.Length > 0)
                            {
                                WriteExtensions(tbs, entryExtensions);
                            }
                        }
                    }
                }
            }

            if (extensions is { Length: > 0 })
            {
                using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    WriteExtensions(tbs, extensions);
                }
            }
        }

        var signedPart = tbs.Encode();
        var signature = key.SignData(signedPart, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var outer = new AsnWriter(AsnEncodingRules.DER);
        using (outer.PushSequence())
        {
            outer.WriteEncodedValue(signedPart);
            outer.WriteEncodedValue(algorithm.Encode());
            outer.WriteBitString(signature);
        }

        return outer.Encode();
    }

    /// <summary>An extension value holding one DER INTEGER (a CRL number).</summary>
    public static byte[] Integer(long value)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteInteger(value);
        return writer.Encode();
    }

    /// <summary>An IssuingDistributionPoint value with indirectCRL set.</summary>
    public static byte[] IndirectDistributionPoint()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 4));
        }

        return writer.Encode();
    }

    /// <summary>An IssuingDistributionPoint value with onlyContainsUserCerts set: a partial list, still usable.</summary>
    public static byte[] UserCertificatesDistributionPoint()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 1));
        }

        return writer.Encode();
    }

    private static void WriteExtensions(AsnWriter writer, Extension[] extensions)
    {
        using (writer.PushSequence())
        {
            foreach (var extension in extensions)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(extension.Oid);
                    if (extension.Critical)
                    {
                        writer.WriteBoolean(true);
                    }

                    writer.WriteOctetString(extension.Value);
                }
            }
        }
    }
}
