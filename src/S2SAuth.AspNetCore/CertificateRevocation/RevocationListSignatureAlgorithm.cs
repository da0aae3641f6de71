using System.Formats.Asn1;
using System.Security.Cryptography;

namespace S2SAuth.CertificateRevocation;

/// <summary>
/// The signature algorithms a revocation list may be signed with: ECDSA with SHA-256/384/512, RSA PKCS#1 v1.5 with
/// SHA-256/384/512, and RSASSA-PSS with SHA-256/384/512, MGF1 of the same hash and a salt as long as the hash (the
/// only PSS form .NET verifies). Anything else (SHA-1, MD5, DSA, EdDSA, other PSS parameters) is refused.
/// </summary>
internal readonly record struct RevocationListSignatureAlgorithm(RevocationListSignatureKind Kind, HashAlgorithmName Hash)
{
    private const string EcdsaSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaSha384 = "1.2.840.10045.4.3.3";
    private const string EcdsaSha512 = "1.2.840.10045.4.3.4";
    private const string RsaSha256 = "1.2.840.113549.1.1.11";
    private const string RsaSha384 = "1.2.840.113549.1.1.12";
    private const string RsaSha512 = "1.2.840.113549.1.1.13";
    private const string RsaPss = "1.2.840.113549.1.1.10";
    private const string Mgf1 = "1.2.840.113549.1.1.8";
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";
    private const string Sha384 = "2.16.840.1.101.3.4.2.2";
    private const string Sha512 = "2.16.840.1.101.3.4.2.3";

    /// <summary>Reads an AlgorithmIdentifier; <see langword="null"/> for an algorithm or parameters not supported.</summary>
    /// <exception cref="AsnContentException">The encoding is malformed.</exception>
    public static RevocationListSignatureAlgorithm? Read(AsnReader reader)
    {
        var sequence = reader.ReadSequence();
        var oid = sequence.ReadObjectIdentifier();
        switch (oid)
        {
            case EcdsaSha256 or EcdsaSha384 or EcdsaSha512:
                // RFC 5758 3.2: the parameters field MUST be absent.
                return sequence.HasData ? null : new(RevocationListSignatureKind.Ecdsa, HashOf(oid));
            case RsaSha256 or RsaSha384 or RsaSha512:
                // RFC 4055 5: NULL parameters (absent tolerated).
                if (sequence.HasData)
                {
                    sequence.ReadNull();
                }

                return sequence.HasData ? null : new(RevocationListSignatureKind.RsaPkcs1, HashOf(oid));
            case RsaPss:
                return sequence.HasData ? ReadPss(sequence.ReadSequence(), sequence) : null;
            default:
                return null;
        }
    }

    private static RevocationListSignatureAlgorithm? ReadPss(AsnReader parameters, AsnReader rest)
    {
        if (rest.HasData)
        {
            return null;
        }

        // RSASSA-PSS-params (RFC 4055 3.1); the defaults (SHA-1) are not supported, so the hash must be explicit.
        var context0 = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (!parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(context0))
        {
            return null;
        }

        var hash = ReadHash(parameters.ReadSequence(context0));
        var context1 = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
        if (hash is null || !parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(context1))
        {
            return null;
        }

        var mgf = parameters.ReadSequence(context1).ReadSequence();
        if (mgf.ReadObjectIdentifier() != Mgf1 || ReadHash(mgf) != hash || mgf.HasData)
        {
            return null;
        }

        var context2 = new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true);
        if (!parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(context2))
        {
            return null;
        }

        var salt = parameters.ReadSequence(context2);
        if (!salt.TryReadInt32(out var saltLength) || salt.HasData || saltLength != HashLength(hash.Value))
        {
            return null;
        }

        var context3 = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
        if (parameters.HasData)
        {
            var trailer = parameters.ReadSequence(context3);
            if (!trailer.TryReadInt32(out var trailerField) || trailerField != 1 || trailer.HasData)
            {
                return null;
            }
        }

        return parameters.HasData ? null : new(RevocationListSignatureKind.RsaPss, hash.Value);
    }

    /// <summary>A hash AlgorithmIdentifier (NULL or absent parameters), wrapped in <paramref name="reader"/>.</summary>
    private static HashAlgorithmName? ReadHash(AsnReader reader)
    {
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            algorithm.ReadNull();
        }

        if (algorithm.HasData)
        {
            return null;
        }

        return oid switch
        {
            Sha256 => HashAlgorithmName.SHA256,
            Sha384 => HashAlgorithmName.SHA384,
            Sha512 => HashAlgorithmName.SHA512,
            _ => null,
        };
    }

    private static HashAlgorithmName HashOf(string oid) => oid switch
    {
        EcdsaSha256 or RsaSha256 => HashAlgorithmName.SHA256,
        EcdsaSha384 or RsaSha384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static int HashLength(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;
}

/// <summary>The key type and padding of a <see cref="RevocationListSignatureAlgorithm"/>.</summary>
internal enum RevocationListSignatureKind
{
    Ecdsa,
    RsaPkcs1,
    RsaPss,
}
