using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Framework;

/// <summary>One loopback issuer shared by the tests of a class.</summary>
public sealed class IssuerFixture : IAsyncLifetime
{
    public TestIssuer Issuer { get; private set; } = null!;

    public async Task InitializeAsync() => Issuer = await TestIssuer.StartAsync();

    public async Task DisposeAsync() => await Issuer.DisposeAsync();
}
