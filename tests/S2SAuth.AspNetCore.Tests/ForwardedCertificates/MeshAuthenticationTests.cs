using System.Net;
using System.Net.Http.Json;
using S2SAuth.AspNetCore.Tests.Certificates.Framework;
using S2SAuth.ForwardedCertificates;

namespace S2SAuth.AspNetCore.Tests.ForwardedCertificates;

/// <summary>
/// Envoy's whole-certificate field through the request path, over real TLS on 127.0.0.1 (the test client plays the
/// sidecar), next to Certificates/ForwardedIdentityTests: a forwarded <c>Cert</c> meets the trust bundle, and a
/// forwarded certificate outranks the proxy's own connection certificate.
/// </summary>
public sealed class MeshAuthenticationTests : IClassFixture<MtlsFixture>
{
    private readonly MtlsFixture _fixture;

    public MeshAuthenticationTests(MtlsFixture fixture) => _fixture = fixture;

    private static string Orders => MtlsFixture.Spiffe("orders-service");

    private static string Sidecar => MtlsFixture.Spiffe("pricing-service");

    private Task<MtlsApi> StartAsync() =>
        MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal], new Dictionary<string, string?>
        {
            ["ServiceAuth:Certificates:Forwarded:Header"] = "EnvoyXfcc",
            ["ServiceAuth:Certificates:Forwarded:TrustedProxies:0"] = "127.0.0.1",
        });

    private static HttpRequestMessage Get(string path, string headerName, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(headerName, value);
        return request;
    }

    [Fact]
    public async Task A_forwarded_certificate_is_checked_against_the_trust_bundle()
    {
        await using var api = await StartAsync();
        using var trusted = _fixture.Internal.IssueSpiffe(Orders);
        using var untrusted = _fixture.Other.IssueSpiffe(Orders);
        using var client = api.Client(null);

        var ok = await client.SendAsync(Get("/certificate", ForwardedCertificateReader.XfccHeaderName, $"By={Sidecar};Hash={Xfcc.Hash(trusted)};Cert={Xfcc.Pem(trusted)}"));
        var refused = await client.SendAsync(Get("/certificate", ForwardedCertificateReader.XfccHeaderName, $"By={Sidecar};Hash={Xfcc.Hash(untrusted)};Cert={Xfcc.Pem(untrusted)}"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateUntrusted);
    }

    [Fact]
    public async Task The_forwarded_certificate_takes_precedence_over_the_proxys_own_connection_certificate()
    {
        await using var api = await StartAsync();
        using var caller = _fixture.Internal.IssueSpiffe(Orders);
        using var proxy = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("gateway-service"));
        using var client = api.Client(proxy);

        var response = await client.SendAsync(Get("/certificate", ForwardedCertificateReader.XfccHeaderName, Xfcc.Element(Sidecar, caller, Orders)));

        Assert.Equal(new Caller("orders-service", nameof(ServiceCredentialKind.ForwardedCertificate), null), await response.Content.ReadFromJsonAsync<Caller>());
    }
}
