using System.Net;
using System.Security.Cryptography.X509Certificates;
using S2SAuth.AspNetCore.Tests.Certificates.Framework;
using S2SAuth.ForwardedCertificates;

namespace S2SAuth.AspNetCore.Tests.Certificates;

/// <summary>
/// Found by fuzzing (docs/fuzzing.md): a forwarded certificate whose DER still loads but is not a certificate this
/// platform can use (here its EC public key moved off the curve, on which OpenSSL's chain building throws) is refused 401 with a certificate code, never a 500.
/// </summary>
public sealed class ForwardedCertificateDerTests : IClassFixture<MtlsFixture>
{
    private readonly MtlsFixture _fixture;

    public ForwardedCertificateDerTests(MtlsFixture fixture) => _fixture = fixture;

    /// <summary>
    /// The DER of <paramref name="certificate"/> with one byte of its EC public key's point changed: the certificate still
    /// loads, but the point is off the curve, and OpenSSL's chain building throws ("x509 certificate routines::internal error").
    /// </summary>
    private static byte[] WithPointOffTheCurve(X509Certificate2 certificate)
    {
        var point = certificate.PublicKey.EncodedKeyValue.RawData; // 04 || X || Y
        var der = (byte[])certificate.RawData.Clone();
        var at = der.AsSpan().IndexOf(point);
        Assert.True(at > 0);
        der[at + point.Length / 2] ^= 0x20; // a byte of X, as a case flip in its base64 does
        return der;
    }

    [Theory]
    [InlineData("ClientCert")]
    [InlineData("EnvoyXfcc")]
    public async Task A_forwarded_certificate_whose_public_key_is_off_the_curve_is_refused_401_not_a_500(string header)
    {
        await using var api = await MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal], new Dictionary<string, string?>
        {
            ["ServiceAuth:Certificates:Forwarded:Header"] = header,
            ["ServiceAuth:Certificates:Forwarded:TrustedProxies:0"] = "127.0.0.1",
        });
        using var caller = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        var der = WithPointOffTheCurve(caller);
        using var sidecar = api.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/certificate");
        if (header == "ClientCert")
        {
            request.Headers.TryAddWithoutValidation(ForwardedCertificateReader.ClientCertHeaderName, ":" + Convert.ToBase64String(der) + ":");
        }
        else
        {
            var pem = "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks) + "\n-----END CERTIFICATE-----\n";
            request.Headers.TryAddWithoutValidation(ForwardedCertificateReader.XfccHeaderName,
                $"By={MtlsFixture.Spiffe("pricing-service")};Hash={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(der))};Cert=\"{Uri.EscapeDataString(pem)}\"");
        }

        using var response = await sidecar.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}: {body}\n{string.Join('\n', api.Logs.Entries.Where(e => e.Exception is not null).Select(e => e.Exception!))}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateUntrusted);
    }
}
