using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.CertificateRevocation;
using S2SAuth.Testing;
using static S2SAuth.AspNetCore.Tests.CertificateRevocation.CrlTestData;

namespace S2SAuth.AspNetCore.Tests.CertificateRevocation;

/// <summary>The CRL reader: lists made by .NET's builder read back field by field (DER and PEM); anything malformed, too large or of an unsupported kind refused without throwing.</summary>
public sealed class RevocationListReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_list_made_by_the_CA_reads_back_with_issuer_times_serials_number_and_key_identifier()
    {
        using var ca = TestCertificateAuthority.Create("Reader CA", new FakeTimeProvider(Now));
        using var revoked = ca.Issue("revoked");
        using var kept = ca.Issue("kept");
        ca.Revoke(revoked);
        ca.CreateRevocationList();

        var list = Read(ca.CreateRevocationList(TimeSpan.FromHours(6)));

        Assert.Equal(ca.Certificate.SubjectName.RawData, list.Issuer);
        Assert.Equal(Now, list.ThisUpdate);
        Assert.Equal(Now.AddHours(6), list.NextUpdate);
        Assert.Equal(2, (int)list.Number!.Value);
        Assert.True(list.Lists(revoked.SerialNumber));
        Assert.False(list.Lists(kept.SerialNumber));
        Assert.Single(list.RevokedSerials);
        var ski = ca.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        Assert.Equal(ski.SubjectKeyIdentifierBytes.ToArray(), list.AuthorityKeyIdentifier);
        Assert.Equal(new RevocationListSignatureAlgorithm(RevocationListSignatureKind.Ecdsa, HashAlgorithmName.SHA256), list.SignatureAlgorithm);
        Assert.Equal("Reader CA", list.IssuerDisplayName());
        Assert.True(list.IsSignedBy(ca.Certificate));
    }

    [Fact]
    public void An_empty_list_reads_with_no_serials()
    {
        using var ca = TestCertificateAuthority.Create();

        var list = Read(ca.CreateRevocationList());

        Assert.Empty(list.RevokedSerials);
        Assert.True(list.IsSignedBy(ca.Certificate));
    }

    [Fact]
    public void A_PEM_list_reads_like_its_DER_even_after_other_PEM_blocks()
    {
        using var ca = TestCertificateAuthority.Create();
        using var revoked = ca.Issue("revoked");
        ca.Revoke(revoked);
        var der = ca.CreateRevocationList();
        var pem = "# the CA's list\n" + ca.CertificatePem + "\n" + new string(PemEncoding.Write("X509 CRL", der)) + "\n";

        var list = Read(Encoding.ASCII.GetBytes(pem));

        Assert.Equal(der, list.Encoded);
        Assert.True(list.Lists(revoked.SerialNumber));
    }

    [Theory]
    [InlineData("SHA256", false)]
    [InlineData("SHA384", false)]
    [InlineData("SHA512", false)]
    [InlineData("SHA256", true)]
    [InlineData("SHA384", true)]
    [InlineData("SHA512", true)]
    public void RSA_lists_with_PKCS1_and_PSS_signatures_verify(string hash, bool pss)
    {
        using var ca = RsaAuthority("RSA CA");
        using var leaf = IssueUnder(ca, "leaf");
        var data = ListOf(ca, 1, Now, Now.AddDays(1), new HashAlgorithmName(hash), pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1, leaf);

        var list = Read(data);

        Assert.Equal(pss ? RevocationListSignatureKind.RsaPss : RevocationListSignatureKind.RsaPkcs1, list.SignatureAlgorithm.Kind);
        Assert.Equal(hash, list.SignatureAlgorithm.Hash.Name);
        Assert.True(list.Lists(leaf.SerialNumber));
        Assert.True(list.IsSignedBy(ca));
    }

    [Theory]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void ECDSA_lists_with_longer_hashes_verify(string hash)
    {
        using var ca = TestCertificateAuthority.Create();

        var list = Read(ListOf(ca.Certificate, 1, Now, Now.AddDays(1), new HashAlgorithmName(hash), null));

        Assert.Equal(hash, list.SignatureAlgorithm.Hash.Name);
        Assert.True(list.IsSignedBy(ca.Certificate));
    }

    [Fact]
    public void A_list_whose_signature_was_altered_reads_but_does_not_verify()
    {
        using var ca = TestCertificateAuthority.Create();
        var data = ca.CreateRevocationList();
        data[^1] ^= 0x01; // the last byte of the signature's s

        var list = Read(data);

        Assert.False(list.IsSignedBy(ca.Certificate));
    }

    [Fact]
    public void A_list_whose_signed_part_was_altered_does_not_verify()
    {
        using var ca = TestCertificateAuthority.Create(time: new FakeTimeProvider(Now));
        var data = ca.CreateRevocationList();
        var when = Encoding.ASCII.GetBytes("261203100000Z");
        var at = data.AsSpan().IndexOf(when);
        data[at + 1] = (byte)'7'; // thisUpdate moved a year on

        var list = Read(data);

        Assert.Equal(Now.AddYears(1), list.ThisUpdate);
        Assert.False(list.IsSignedBy(ca.Certificate));
    }

    [Fact]
    public void A_list_verifies_only_with_its_own_CA_not_another_of_the_same_name()
    {
        using var ca = TestCertificateAuthority.Create("Twin CA");
        using var twin = TestCertificateAuthority.Create("Twin CA");

        var list = Read(ca.CreateRevocationList());

        Assert.True(list.IsSignedBy(ca.Certificate));
        Assert.False(list.IsSignedBy(twin.Certificate));
    }

    [Fact]
    public void A_CA_without_the_crl_signing_key_usage_does_not_vouch_for_a_list()
    {
        using var root = TestCertificateAuthority.Create();
        using var intermediate = root.Issue("Intermediate", s => s.IsCertificateAuthority = true);
        using var key = intermediate.GetECDsaPrivateKey()!;
        var data = Handmade(key, intermediate.SubjectName, Now, Now.AddDays(1));

        var list = Read(data);

        Assert.False(list.IsSignedBy(intermediate));
    }

    public static TheoryData<string, byte[]> Malformed()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.Issue("leaf");
        ca.Revoke(leaf);
        var good = ca.CreateRevocationList();
        var pem = Encoding.ASCII.GetBytes(new string(PemEncoding.Write("X509 CRL", good)));
        var oversized = new byte[RevocationListReader.MaxSize + 1];
        oversized[0] = 0x30;
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "garbage", Encoding.ASCII.GetBytes("not a revocation list") },
            { "random DER-looking bytes", [0x30, 0x82, 0x01, 0x00, 0x01, 0x02] },
            { "truncated", good[..^10] },
            { "trailing data", [.. good, 0x00] },
            { "oversized", oversized },
            { "PEM with another label", Encoding.ASCII.GetBytes(ca.CertificatePem) },
            { "PEM with broken base64", pem.Select((b, i) => i == 30 ? (byte)'*' : b).ToArray() },
            { "a certificate, not a list", ca.Certificate.RawData },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_input_is_refused_without_throwing(string what, byte[] data)
    {
        Assert.False(RevocationListReader.TryRead(data, out var list, out var error), what);
        Assert.Null(list);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Every_truncation_of_a_list_is_refused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.Issue("leaf");
        ca.Revoke(leaf);
        var good = ca.CreateRevocationList();

        for (var length = 0; length < good.Length; length++)
        {
            Assert.False(RevocationListReader.TryRead(good.AsSpan(0, length), out _, out _), $"truncated to {length} bytes");
        }
    }

    [Fact]
    public void No_single_corrupted_byte_makes_the_reader_or_the_check_throw()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.Issue("leaf");
        ca.Revoke(leaf);
        var good = ca.CreateRevocationList();

        for (var at = 0; at < good.Length; at++)
        {
            foreach (var value in new byte[] { 0x00, 0xFF, (byte)(good[at] ^ 0x80) })
            {
                var data = (byte[])good.Clone();
                data[at] = value;
                if (RevocationListReader.TryRead(data, out var list, out _))
                {
                    _ = list.IssuerDisplayName();
                    _ = list.IsSignedBy(ca.Certificate);
                }
            }
        }
    }

    [Fact]
    public void A_list_signed_with_SHA1_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var data = Handmade(key, new X500DistinguishedName("CN=Old CA"), Now, Now.AddDays(1), algorithmOid: "1.2.840.10045.4.1"); // ecdsa-with-SHA1

        Assert.False(RevocationListReader.TryRead(data, out _, out var error));
        Assert.Contains("algorithm", error);
    }

    [Fact]
    public void A_hand_written_v2_list_with_number_and_a_partial_distribution_point_reads()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var data = Handmade(key, new X500DistinguishedName("CN=Hand CA"), Now, Now.AddDays(1),
            entries: [([0x01, 0x02], [new Extension("2.5.29.21", false, [0x0A, 0x01, 0x01])])],
            extensions: [new Extension("2.5.29.20", false, Integer(7)), new Extension("2.5.29.28", true, UserCertificatesDistributionPoint())]);

        var list = Read(data);

        Assert.Equal(7, (int)list.Number!.Value);
        Assert.True(list.Lists("0102"));
        Assert.Null(list.AuthorityKeyIdentifier);
    }

    [Fact]
    public void A_v1_list_without_extensions_reads()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var list = Read(Handmade(key, new X500DistinguishedName("CN=Old CA"), Now, Now.AddDays(1), entries: [([0x05], [])], version2: false));

        Assert.True(list.Lists("05"));
        Assert.Null(list.Number);
    }

    public static TheoryData<string, string> Unsupported() => new()
    {
        { "no nextUpdate", "no nextUpdate" },
        { "unknown critical extension", "critical extension" },
        { "delta list", "delta" },
        { "indirect list", "indirect" },
        { "certificateIssuer entry", "indirect" },
        { "unknown critical entry extension", "critical entry extension" },
        { "duplicate extension", "twice" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Lists_this_reader_cannot_apply_faithfully_are_refused(string what, string reason)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuer = new X500DistinguishedName("CN=Hand CA");
        var next = what == "no nextUpdate" ? (DateTimeOffset?)null : Now.AddDays(1);
        Extension[] extensions = what switch
        {
            "unknown critical extension" => [new Extension("1.2.3.4", true, [0x05, 0x00])],
            "delta list" => [new Extension("2.5.29.27", true, Integer(3))],
            "indirect list" => [new Extension("2.5.29.28", true, IndirectDistributionPoint())],
            "duplicate extension" => [new Extension("2.5.29.20", false, Integer(1)), new Extension("2.5.29.20", false, Integer(2))],
            _ => [],
        };
        Extension[] entryExtensions = what switch
        {
            "certificateIssuer entry" => [new Extension("2.5.29.29", true, [0x30, 0x00])],
            "unknown critical entry extension" => [new Extension("1.2.3.5", true, [0x05, 0x00])],
            _ => [],
        };

        var data = Handmade(key, issuer, Now, next, entries: [([0x01], entryExtensions)], extensions: extensions);

        Assert.False(RevocationListReader.TryRead(data, out _, out var error), what);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void An_unknown_non_critical_extension_is_ignored()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var list = Read(Handmade(key, new X500DistinguishedName("CN=Hand CA"), Now, Now.AddDays(1), extensions: [new Extension("1.2.3.4", false, [0x05, 0x00])]));

        Assert.Empty(list.RevokedSerials);
    }
}
