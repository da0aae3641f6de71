using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.AspNetCore.Tests.Rbac.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Rbac;

/// <summary>
/// The remote permission source never follows a redirect. The configured endpoint (a real Kestrel server) redirects
/// to a real RBAC service on another port that would grant the activity.
/// </summary>
public sealed class PermissionSourceRedirectTests : IClassFixture<IssuerFixture>, IAsyncLifetime
{
    private const string Path = "/min/t/tenant_789/user-scoped";
    private readonly IssuerFixture _fixture;
    private RbacServer _rbac = null!;
    private LoopbackServer _front = null!;

    public PermissionSourceRedirectTests(IssuerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        _rbac = await RbacServer.StartAsync();
        _rbac.Grant(UserId, CallerTenant, UserScopedActivity);
        _front = await LoopbackServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _front.DisposeAsync();
        await _rbac.DisposeAsync();
    }

    [Theory]
    [InlineData(StatusCodes.Status302Found)]
    [InlineData(StatusCodes.Status307TemporaryRedirect)]
    [InlineData(StatusCodes.Status308PermanentRedirect)]
    public async Task Rbac_endpoint_answering_a_redirect_is_refused_with_permission_source_unavailable_and_not_followed(int status)
    {
        _front.Respond = LoopbackServer.RedirectTo(_rbac.CheckUri, status);
        await using var api = await RbacApi.StartAsync(_fixture.Issuer, services: s => s.AddRemotePermissions(o => o.Endpoint = new Uri(_front.BaseUri, "/permissions/check")));

        var sent = await api.PostAsync(Path, api.ServiceToken([UserScopedActivity]), api.UserToken([]));

        await DecisionAssert.DeniedAsync(api, sent, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable);
        Assert.Equal("POST /permissions/check", Assert.Single(_front.Requests));
        Assert.Equal(0, _rbac.Calls);
        var failed = Assert.Single(api.Api.Logs.Entries, e => e.EventId.Id == 3102);
        Assert.Equal("redirect " + status + " refused", failed.Values["Reason"]);
        Assert.Single(api.Api.Logs.Entries, e => e.EventId.Id == 2106);
    }
}
