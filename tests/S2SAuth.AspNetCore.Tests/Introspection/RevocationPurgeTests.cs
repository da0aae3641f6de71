using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Introspection;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Introspection;

/// <summary>
/// Revocation and central verification wired together as a service would: a revocation made through
/// <see cref="IRevocationService"/> refuses the token at once and drops its cached introspection answer.
/// </summary>
public sealed class RevocationPurgeTests : IAsyncLifetime
{
    private TestIssuer _issuer = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _issuer.AddClient(LiveCheckTests.ClientId, LiveCheckTests.ClientSecret);
        _api = await TestApi.StartAsync(
            _issuer,
            o =>
            {
                o.ClientId = LiveCheckTests.ClientId;
                o.ClientSecret = LiveCheckTests.ClientSecret;
            },
            services => services.AddServiceAuth(_ => { }).AddIntrospection().AddRevocation(),
            app => app.MapGet("/live", (ServiceIdentity caller) => caller.ServiceId).RequireIdentities(RequiredIdentities.ServiceOnly).RequireLiveCheck());
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Revoking_a_token_refuses_it_with_token_revoked_and_drops_its_introspection_answer()
    {
        var token = _api.ServiceToken().Build();
        var cache = _api.App.Services.GetRequiredService<IntrospectionCache>();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/live", token)).StatusCode);
        Assert.Equal(1, cache.Count);

        var payload = Jwt.Payload(token);
        await _api.App.Services.GetRequiredService<IRevocationService>().RevokeTokenAsync(
            _issuer.Issuer, payload.GetProperty("jti").GetString()!, DateTimeOffset.FromUnixTimeSeconds(payload.GetProperty("exp").GetInt64()));

        Assert.Equal(0, cache.Count);
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/live", token), HttpStatusCode.Unauthorized, AuthErrorCodes.TokenRevoked);
        Assert.Equal(1, _issuer.IntrospectionRequestCount);
    }
}
