using System.Net;
using S2SAuth.AspNetCore.Tests.Certificates.Framework;

namespace S2SAuth.AspNetCore.Tests.Certificates;

/// <summary>
/// Revocation lists end to end over real TLS: a certificate on its CA's list is refused with <c>certificate_revoked</c>,
/// also on a connection validated before the list named it; a list that cannot be loaded refuses with 503 (fail closed).
/// </summary>
public sealed class RevokedCertificateTests : IClassFixture<MtlsFixture>, IDisposable
{
    private readonly MtlsFixture _fixture;
    private readonly string _folder = Directory.CreateTempSubdirectory("s2sauth-crl-").FullName;

    public RevokedCertificateTests(MtlsFixture fixture) => _fixture = fixture;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_certificate_revoked_while_its_connection_is_open_is_refused_from_the_next_request()
    {
        var list = Path.Combine(_folder, "internal.crl");
        await File.WriteAllBytesAsync(list, _fixture.Internal.CreateRevocationList());
        await using var api = await MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal], new Dictionary<string, string?>
        {
            ["ServiceAuth:Certificates:RevocationLists:0"] = list,
        });
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = api.Client(certificate);
        await Eventually.ReturnsAsync(async () => (await client.GetAsync("/certificate")).StatusCode, s => s == HttpStatusCode.OK, "the list loaded");

        _fixture.Internal.Revoke(certificate);
        await File.WriteAllBytesAsync(list, _fixture.Internal.CreateRevocationList());

        await Eventually.ReturnsAsync(async () => (await client.GetAsync("/certificate")).StatusCode, s => s == HttpStatusCode.Unauthorized, "the revocation applied");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/certificate"), HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateRevoked);
    }

    [Fact]
    public async Task A_list_that_cannot_be_loaded_refuses_certificates_with_503_never_lets_them_through()
    {
        await using var api = await MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal], new Dictionary<string, string?>
        {
            ["ServiceAuth:Certificates:RevocationLists:0"] = Path.Combine(_folder, "never-written.crl"),
        });
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = api.Client(certificate);

        var response = await client.GetAsync("/certificate");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.CertificateRevocationUnavailable);
    }
}
