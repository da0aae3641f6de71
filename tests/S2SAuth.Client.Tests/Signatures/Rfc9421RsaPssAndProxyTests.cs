using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.Client.Signatures;
using static S2SAuth.Client.Tests.Signatures.Rfc9421ConformanceTests;
using static S2SAuth.Client.Tests.Signatures.Rfc9421TestMessages;

namespace S2SAuth.Client.Tests.Signatures;

/// <summary>
/// RFC 9421 Appendix B.2.1 and B.2.3 (rsa-pss-sha512, key B.1.2 test-key-rsa-pss) and B.3 (ecdsa-p256-sha256 over a
/// proxy's request): RSA-PSS and ECDSA are randomised, so the RFC's own signatures are verified, and the B.2.3 and B.3
/// bases compared byte for byte.
/// </summary>
public sealed class Rfc9421RsaPssAndProxyTests
{
    private const string RsaPssPublicKey = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr4tmm3r20Wd/PbqvP1s2
        +QEtvpuRaV8Yq40gjUR8y2Rjxa6dpG2GXHbPfvMs8ct+Lh1GH45x28Rw3Ry53mm+
        oAXjyQ86OnDkZ5N8lYbggD4O3w6M6pAvLkhk95AndTrifbIFPNU8PPMO7OyrFAHq
        gDsznjPFmTOtCEcN2Z1FpWgchwuYLPL+Wokqltd11nqqzi+bJ9cvSKADYdUAAN5W
        Utzdpiy6LbTgSxP7ociU4Tn0g5I6aDZJ7A8Lzo0KSyZYoA485mqcO0GVAdVw9lq4
        aOT9v6d+nb4bnNkQVklLQ3fVAvJm+xdDOp9LCNCN48V2pnDOkFV6+U9nV5oyc6XI
        2wIDAQAB
        -----END PUBLIC KEY-----
        """;

    private const string B21Input = "sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"";
    private const string B21Signature = "sig-b21=:d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/lkbbHAve4cRAtx31Iq786U7it++wgGxbtRxf8Udx7zFZsckzXaJMkA7ChG52eSkFxykJeNqsrWH5S+oxNFlD4dzVuwe8DhTSja8xxbR/Z2cOGdCbzR72rgFWhzx2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+O6c0mKZsfxVrogUvA4HELjVKWmAvtl6UnCh8jYzuVG5WSb/QEVPnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q==:";

    private const string B23Input = "sig-b23=(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"";
    private const string B23Signature = "sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRASVxFkeGt683+qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7KsLNmvKiLJH1pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9BmzhuzF8Eim5f8ui9eH8LZH896+QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA==:";
    private const string B23Base =
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n" +
        "\"@method\": POST\n" +
        "\"@path\": /foo\n" +
        "\"@query\": ?param=Value&Pet=dog\n" +
        "\"@authority\": example.com\n" +
        "\"content-type\": application/json\n" +
        "\"content-digest\": " + RequestContentDigest + "\n" +
        "\"content-length\": 18\n" +
        "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"";

    // B.3: the TLS-terminating proxy's request to service.internal.example, with the RFC 9440 Client-Cert field.
    private const string ClientCert = ":MIIBqDCCAU6gAwIBAgIBBzAKBggqhkjOPQQDAjA6MRswGQYDVQQKDBJMZXQncyBBdXRoZW50aWNhdGUxGzAZBgNVBAMMEkxBIEludGVybWVkaWF0ZSBDQTAeFw0yMDAxMTQyMjU1MzNaFw0yMTAxMjMyMjU1MzNaMA0xCzAJBgNVBAMMAkJDMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8YnXXfaUgmnMtOXU/IncWalRhebrXmckC8vdgJ1p5Be5F/3YC8OthxM4+k1M6aEAEFcGzkJiNy6J84y7uzo9M6NyMHAwCQYDVR0TBAIwADAfBgNVHSMEGDAWgBRm3WjLa38lbEYCuiCPct0ZaSED2DAOBgNVHQ8BAf8EBAMCBsAwEwYDVR0lBAwwCgYIKwYBBQUHAwIwHQYDVR0RAQH/BBMwEYEPYmRjQGV4YW1wbGUuY29tMAoGCCqGSM49BAMCA0gAMEUCIBHda/r1vaL6G3VliL4/Di6YK0Q6bMjeSkC3dFCOOB8TAiEAx/kHSB4urmiZ0NX5r5XarmPk0wmuydBVoU4hBVZ1yhk=:";
    private const string B3Input = "ttrp=(\"@path\" \"@query\" \"@method\" \"@authority\" \"client-cert\");created=1618884473;keyid=\"test-key-ecc-p256\"";
    private const string B3Signature = "ttrp=:xVMHVpawaAC/0SbHrKRs9i8I3eOs5RtTMGCWXm/9nvZzoHsIg6Mce9315T6xoklyy0yzhD9ah4JHRwMLOgmizw==:";
    private const string B3Base =
        "\"@path\": /foo\n" +
        "\"@query\": ?param=Value&Pet=dog\n" +
        "\"@method\": POST\n" +
        "\"@authority\": service.internal.example\n" +
        "\"client-cert\": " + ClientCert + "\n" +
        "\"@signature-params\": (\"@path\" \"@query\" \"@method\" \"@authority\" \"client-cert\");created=1618884473;keyid=\"test-key-ecc-p256\"";

    private readonly FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(Created + 10));

    [Fact]
    public void B21_the_rfcs_minimal_rsa_pss_signature_verifies()
    {
        using var key = RsaPssKey();
        var result = MessageVerifier.Verify(Signed(B21Input, B21Signature), new() { RequireNonce = true }, _ => key, time);
        Assert.Equal(SignatureFailure.None, result.Failure);
        Assert.Equal("b3k2pp5k7z-50gnwp.yemd", result.Parameters!.Nonce);
    }

    [Fact]
    public void B23_full_coverage_base_is_the_rfcs_and_its_signature_verifies()
    {
        Assert.True(SignatureBase.TryCreate(Request(), Parse(B23Input), out var signatureBase, out _));
        Assert.Equal(B23Base, signatureBase);

        using var key = RsaPssKey();
        Assert.Equal(SignatureFailure.None, MessageVerifier.Verify(Signed(B23Input, B23Signature), new(), _ => key, time).Failure);
        Assert.Equal(SignatureFailure.InvalidSignature, MessageVerifier.Verify(Signed(B23Input.Replace("\"@query\" ", string.Empty, StringComparison.Ordinal), B23Signature), new(), _ => key, time).Failure);
    }

    [Fact]
    public void B3_the_proxys_ecdsa_signature_over_its_forwarded_request_verifies()
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Client-Cert"] = [ClientCert],
            ["Signature-Input"] = [B3Input],
            ["Signature"] = [B3Signature],
        };
        var message = HttpMessageComponents.FromValues("POST", "https", "service.internal.example", "/foo", "?param=Value&Pet=dog", n => headers.TryGetValue(n, out var v) ? v : null);
        Assert.True(SignatureBase.TryCreate(message, Parse(B3Input), out var signatureBase, out _));
        Assert.Equal(B3Base, signatureBase);

        using var key = EccP256PublicOnly();
        Assert.Equal(SignatureFailure.None, MessageVerifier.Verify(message, new(), _ => key, time).Failure);
    }

    private static RsaPssSha512SignatureKey RsaPssKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(RsaPssPublicKey);
        return new("test-key-rsa-pss", rsa, hasPrivateKey: false);
    }
}
