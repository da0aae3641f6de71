using System.Net;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Rbac;

/// <summary>Custom <see cref="IPermissionSource"/>s: asked only when the token does not grant, failing closed.</summary>
public sealed class PermissionSourceTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public PermissionSourceTests(IssuerFixture fixture) => _fixture = fixture;

    private async Task<(RbacApi Api, (HttpResponseMessage Response, string CorrelationId) Sent)> SendWithSourceAsync(IPermissionSource source)
    {
        var api = await RbacApi.StartAsync(_fixture.Issuer, services: s => s.AddSingleton(source));
        var sent = await api.PostAsync("/min/t/tenant_789/user-scoped", api.ServiceToken([UserScopedActivity]), api.UserToken([]));
        return (api, sent);
    }

    [Fact]
    public async Task Source_that_grants_allows_and_receives_user_tenant_and_activity()
    {
        var source = new FixedSource(PermissionAnswer.Granted);
        var (api, sent) = await SendWithSourceAsync(source);
        await using var _ = api;

        await DecisionAssert.AllowedAsync(api, sent);
        Assert.Equal(new PermissionQuery(UserId, CallerTenant, UserScopedActivity), Assert.Single(source.Queries));
    }

    [Fact]
    public async Task Source_is_asked_in_the_service_tokens_tenant_when_the_user_token_names_none()
    {
        var source = new FixedSource(PermissionAnswer.Granted);
        await using var api = await RbacApi.StartAsync(_fixture.Issuer, services: s => s.AddSingleton<IPermissionSource>(source));

        var sent = await api.PostAsync("/min/t/tenant_789/user-scoped", api.ServiceToken([UserScopedActivity], CallerTenant), api.UserToken([], tenantId: null));

        await DecisionAssert.AllowedAsync(api, sent);
        Assert.Equal(new PermissionQuery(UserId, CallerTenant, UserScopedActivity), Assert.Single(source.Queries));
    }

    [Fact]
    public async Task Source_is_asked_in_the_users_tenant_when_a_platform_service_acts_for_a_user_of_another_tenant()
    {
        var source = new FixedSource(PermissionAnswer.Granted);
        await using var api = await RbacApi.StartAsync(_fixture.Issuer, services: s => s.AddSingleton<IPermissionSource>(source));

        var sent = await api.PostAsync("/min/admin/t/tenant_999/user-scoped", api.ServiceToken([UserScopedActivity, CrossTenantScope], CallerTenant),
            api.UserToken([], tenantId: OtherTenant));

        var audit = await DecisionAssert.AllowedAsync(api, sent);
        Assert.True(audit.CrossTenant);
        Assert.Equal(new PermissionQuery(UserId, OtherTenant, UserScopedActivity), Assert.Single(source.Queries));
    }

    [Theory]
    [InlineData(PermissionAnswer.Denied, HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied)]
    [InlineData(PermissionAnswer.Unavailable, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable)]
    public async Task Source_answer_decides_the_refusal(PermissionAnswer answer, HttpStatusCode status, string code)
    {
        var (api, sent) = await SendWithSourceAsync(new FixedSource(answer));
        await using var _ = api;

        await DecisionAssert.DeniedAsync(api, sent, status, code);
    }

    [Fact]
    public async Task Source_that_throws_is_refused_with_permission_source_unavailable_never_a_500()
    {
        var (api, sent) = await SendWithSourceAsync(new ThrowingSource());
        await using var _ = api;

        await DecisionAssert.DeniedAsync(api, sent, HttpStatusCode.ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable);
        Assert.Contains(api.Api.Logs.Entries, e => e.EventId.Id == 3101 && e.Values["Reason"] == nameof(TimeoutException));
    }

    private sealed class FixedSource(PermissionAnswer answer) : IPermissionSource
    {
        public List<PermissionQuery> Queries { get; } = [];

        public ValueTask<PermissionAnswer> CheckAsync(PermissionQuery query, CancellationToken cancellationToken)
        {
            Queries.Add(query);
            return ValueTask.FromResult(answer);
        }
    }

    private sealed class ThrowingSource : IPermissionSource
    {
        public ValueTask<PermissionAnswer> CheckAsync(PermissionQuery query, CancellationToken cancellationToken) =>
            throw new TimeoutException("the database is gone");
    }
}
