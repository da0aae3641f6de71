using System.Net;
using S2SAuth.AspNetCore.Tests.Certificates.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Certificates;

/// <summary>
/// The trust bundle file rotated under a running API: a CA removed from it stops its certificates, even on a
/// connection that was already open and validated; a CA added is trusted without a restart; a broken file keeps the
/// last good bundle.
/// </summary>
public sealed class TrustBundleRotationTests : IClassFixture<MtlsFixture>, IAsyncLifetime
{
    private readonly MtlsFixture _fixture;
    private MtlsApi _api = null!;

    public TrustBundleRotationTests(MtlsFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _api = await MtlsApi.StartAsync(_fixture.Issuer, _fixture.Server, [_fixture.Internal]);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task CA_removed_from_the_bundle_refuses_its_certificates_on_an_open_connection_and_a_new_CA_is_trusted()
    {
        using var next = TestCertificateAuthority.Create("Internal Services CA 2");
        using var old = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var renewed = next.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var oldClient = _api.Client(old);
        using var renewedClient = _api.Client(renewed);
        Assert.Equal(HttpStatusCode.OK, (await oldClient.GetAsync("/certificate")).StatusCode);
        await ProblemAssert.IsProblemAsync(await renewedClient.GetAsync("/certificate"), HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateUntrusted);

        await _api.WriteTrustBundleAsync(_fixture.Internal, next); // overlap: both trusted
        await Eventually.ReturnsAsync(async () => (await renewedClient.GetAsync("/certificate")).StatusCode, s => s == HttpStatusCode.OK, "the new CA trusted");
        Assert.Equal(HttpStatusCode.OK, (await oldClient.GetAsync("/certificate")).StatusCode);

        await _api.WriteTrustBundleAsync(next); // the old CA retired
        await Eventually.ReturnsAsync(async () => (await oldClient.GetAsync("/certificate")).StatusCode, s => s == HttpStatusCode.Unauthorized, "the old CA retired");
        await ProblemAssert.IsProblemAsync(await oldClient.GetAsync("/certificate"), HttpStatusCode.Unauthorized, AuthErrorCodes.CertificateUntrusted);
        Assert.Equal(HttpStatusCode.OK, (await renewedClient.GetAsync("/certificate")).StatusCode);
    }

    [Fact]
    public async Task A_broken_bundle_file_keeps_the_last_good_bundle_and_says_so()
    {
        using var certificate = _fixture.Internal.IssueSpiffe(MtlsFixture.Spiffe("orders-service"));
        using var client = _api.Client(certificate);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/certificate")).StatusCode);
        await File.WriteAllTextAsync(_api.TrustBundlePath, "-----BEGIN CERTIFICATE-----\nhalf written");
        await Eventually.TrueAsync(() => _api.Logs.Entries.Any(e => e.EventId.Id == 1602), "the reload failure logged");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/certificate")).StatusCode);
    }
}
