using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Framework;

/// <summary>One loopback issuer and one in-memory API with the default test settings, shared by the tests of a class.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public TestIssuer Issuer { get; private set; } = null!;

    public TestApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Issuer = await TestIssuer.StartAsync();
        Api = await TestApi.StartAsync(Issuer);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
