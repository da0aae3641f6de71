using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>One issuer and one <see cref="RbacApi"/> shared by the tests of a class (which run one at a time).</summary>
public sealed class RbacApiFixture : IAsyncLifetime
{
    private TestIssuer _issuer = null!;

    public RbacApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        Api = await RbacApi.StartAsync(_issuer);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await _issuer.DisposeAsync();
    }
}
