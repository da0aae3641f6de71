using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Certificates.Framework;

/// <summary>One issuer, an internal CA (trusted), another CA (not trusted) and the CA of the server's own certificate, shared by a test class.</summary>
public sealed class MtlsFixture : IAsyncLifetime
{
    public TestIssuer Issuer { get; private set; } = null!;

    public TestCertificateAuthority Internal { get; } = TestCertificateAuthority.Create("Internal Services CA");

    public TestCertificateAuthority Other { get; } = TestCertificateAuthority.Create("Other CA");

    public TestCertificateAuthority Server { get; } = TestCertificateAuthority.Create("Server CA");

    public static string Spiffe(string service, string trustDomain = MtlsApi.TrustDomain) => $"spiffe://{trustDomain}/ns/shop/sa/{service}";

    public async Task InitializeAsync() => Issuer = await TestIssuer.StartAsync();

    public async Task DisposeAsync()
    {
        await Issuer.DisposeAsync();
        Internal.Dispose();
        Other.Dispose();
        Server.Dispose();
    }
}
