using System.Formats.Asn1;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace S2SAuth.Testing;

/// <summary>
/// An internal certificate authority made in memory for tests: a self-signed CA (ECDSA P-256) that issues client and
/// server certificates (SPIFFE URI SANs, DNS and IP SANs, chosen validity and key usages, deliberately broken ones too)
/// and revocation lists, so mutual-TLS tests run over real TLS without files on the machine or its certificate store.
/// Dispose it (and the certificates it issued) at the end of a test.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    private readonly TimeProvider _time;
    private readonly List<(X509Certificate2 Certificate, DateTimeOffset When)> _revoked = [];
    private long _crlNumber;

    private TestCertificateAuthority(X509Certificate2 certificate, TimeProvider time)
    {
        Certificate = certificate;
        _time = time;
    }

    /// <summary>The CA's certificate (with its private key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA's certificate in PEM, ending with a newline: the content of a trust bundle file, and concatenated with others a bundle of several CAs.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>A new self-signed CA named <paramref name="name"/>, valid from a year before to ten years after now (so tests can issue expired certificates).</summary>
    public static TestCertificateAuthority Create(string name = "S2SAuth Test CA", TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddYears(-1), now.AddYears(10));
        return new TestCertificateAuthority(Reload(created), time);
    }

    /// <summary>A self-signed client certificate (no CA): what RFC 8705 <c>self_signed_tls_client_auth</c> clients present.</summary>
    public static X509Certificate2 SelfSigned(string subjectName, Action<TestCertificateSpec>? configure = null)
    {
        var spec = new TestCertificateSpec();
        configure?.Invoke(spec);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(subjectName, key, spec);
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(spec.NotBefore ?? now.AddHours(-1), spec.NotAfter ?? now.AddDays(30));
        return Reload(created);
    }

    /// <summary>Issues a certificate for <paramref name="subjectName"/>; by default a client certificate valid for 30 days.</summary>
    public X509Certificate2 Issue(string subjectName, Action<TestCertificateSpec>? configure = null)
    {
        var spec = new TestCertificateSpec();
        configure?.Invoke(spec);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(subjectName, key, spec);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = _time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var signed = request.Create(Certificate, spec.NotBefore ?? now.AddHours(-1), spec.NotAfter ?? now.AddDays(30), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    /// <summary>Issues a client certificate whose only URI SAN is <paramref name="spiffeId"/> (an X.509-SVID).</summary>
    public X509Certificate2 IssueSpiffe(string spiffeId, Action<TestCertificateSpec>? configure = null) =>
        Issue(spiffeId[(spiffeId.LastIndexOf('/') + 1)..] is { Length: > 0 } last ? last : "svid", spec =>
        {
            spec.Uris.Add(spiffeId);
            configure?.Invoke(spec);
        });

    /// <summary>Issues a TLS server certificate for <c>localhost</c> and 127.0.0.1 (and <c>::1</c>).</summary>
    public X509Certificate2 IssueLocalhostServer() => Issue("localhost", spec =>
    {
        spec.DnsNames.Add("localhost");
        spec.IpAddresses.Add(IPAddress.Loopback);
        spec.IpAddresses.Add(IPAddress.IPv6Loopback);
        spec.ClientAuthentication = false;
        spec.ServerAuthentication = true;
    });

    /// <summary>Marks <paramref name="certificate"/> revoked now: it is listed by the next <see cref="CreateRevocationList"/>.</summary>
    public void Revoke(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        lock (_revoked)
        {
            _revoked.Add((certificate, _time.GetUtcNow()));
        }
    }

    /// <summary>
    /// A DER-encoded X.509 CRL (RFC 5280) signed by this CA, listing every certificate passed to <see cref="Revoke"/>,
    /// with <c>nextUpdate</c> <paramref name="nextUpdateIn"/> from now (default one hour) and an increasing CRL number.
    /// </summary>
    public byte[] CreateRevocationList(TimeSpan? nextUpdateIn = null)
    {
        var builder = new CertificateRevocationListBuilder();
        lock (_revoked)
        {
            foreach (var (certificate, when) in _revoked)
            {
                builder.AddEntry(certificate, when);
            }
        }

        var now = _time.GetUtcNow();
        return builder.Build(Certificate, new BigInteger(Interlocked.Increment(ref _crlNumber)), now.Add(nextUpdateIn ?? TimeSpan.FromHours(1)), HashAlgorithmName.SHA256, null, now);
    }

    /// <summary>
    /// The RFC 8705 thumbprint of <paramref name="certificate"/>: base64url (no padding) of the SHA-256 of its DER
    /// encoding, the value of a bound token's <c>cnf</c> member <c>x5t#S256</c>.
    /// </summary>
    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Base64UrlEncoder.Encode(SHA256.HashData(certificate.RawData));
    }

    /// <summary>Writes <paramref name="certificate"/> and its private key as PEM files (the way cert-manager and spiffe-helper deliver them).</summary>
    public static void WritePemFiles(X509Certificate2 certificate, string certificatePath, string privateKeyPath)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("The certificate has no ECDSA private key.", nameof(certificate));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(privateKeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Disposes the CA's certificate and key.</summary>
    public void Dispose() => Certificate.Dispose();

    private static CertificateRequest LeafRequest(string subjectName, ECDsa key, TestCertificateSpec spec)
    {
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subjectName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(spec.IsCertificateAuthority, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            spec.IsCertificateAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection();
        if (spec.ClientAuthentication)
        {
            usages.Add(new Oid(ClientAuthenticationOid));
        }

        if (spec.ServerAuthentication)
        {
            usages.Add(new Oid(ServerAuthenticationOid));
        }

        if (usages.Count > 0)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        }

        if (spec.Uris.Count + spec.DnsNames.Count + spec.IpAddresses.Count > 0)
        {
            request.CertificateExtensions.Add(SubjectAlternativeNames(spec));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    /// <summary>
    /// The SAN extension written by hand: <see cref="SubjectAlternativeNameBuilder"/> validates URIs, and tests need
    /// malformed ones too (what a broken or hostile issuer could put there).
    /// </summary>
    private static X509Extension SubjectAlternativeNames(TestCertificateSpec spec)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var dns in spec.DnsNames)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, dns, new Asn1Tag(TagClass.ContextSpecific, 2));
            }

            foreach (var uri in spec.Uris)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
            }

            foreach (var address in spec.IpAddresses)
            {
                writer.WriteOctetString(address.GetAddressBytes(), new Asn1Tag(TagClass.ContextSpecific, 7));
            }
        }

        return new X509Extension("2.5.29.17", writer.Encode(), spec.Uris.Count > 0 && spec.DnsNames.Count == 0 && spec.IpAddresses.Count == 0);
    }

    /// <summary>A PKCS#12 round trip gives a certificate whose key works with <c>SslStream</c> on every platform.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
}
