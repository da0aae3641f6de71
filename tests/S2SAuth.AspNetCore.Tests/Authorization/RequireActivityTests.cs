using System.Net;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Authorization;

public sealed class RequireActivityTests : IClassFixture<RbacApiFixture>
{
    private readonly RbacApi _api;

    public RequireActivityTests(RbacApiFixture fixture) => _api = fixture.Api;

    private string Service(params string[] scopes) => _api.ServiceToken(scopes);

    private string User(params string[] permissions) => _api.UserToken(permissions);

    [Theory]
    [InlineData("/min/t/tenant_789/user-scoped")]
    [InlineData("/mvc/t/tenant_789/user-scoped")]
    public async Task User_scoped_endpoint_without_user_token_is_refused_with_user_token_missing(string path)
    {
        var sent = await _api.PostAsync(path, Service(UserScopedActivity), null);

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Unauthorized, AuthErrorCodes.UserTokenMissing);
        Assert.Equal(ServiceId, audit.ServiceId);
    }

    [Theory]
    [InlineData("/min/t/tenant_789/user-scoped")]
    [InlineData("/mvc/t/tenant_789/user-scoped")]
    public async Task User_scoped_endpoint_without_service_token_is_refused_with_service_token_missing(string path)
    {
        var sent = await _api.PostAsync(path, null, User(UserScopedActivity));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Unauthorized, AuthErrorCodes.ServiceTokenMissing);
    }

    [Theory]
    [InlineData("/min/t/tenant_789/system")]
    [InlineData("/mvc/t/tenant_789/system")]
    public async Task System_job_endpoint_refuses_a_user_token_with_user_token_not_allowed(string path)
    {
        var sent = await _api.PostAsync(path, _api.ServiceToken([SystemActivity], CallerTenant), User(SystemActivity));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.UserTokenNotAllowed);
    }

    [Theory]
    [InlineData("/min/t/tenant_789/gateway")]
    [InlineData("/mvc/t/tenant_789/gateway")]
    public async Task Gateway_endpoint_without_user_token_is_refused_with_user_token_missing(string path)
    {
        var sent = await _api.PostAsync(path, Service(GatewayActivity), null);

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Unauthorized, AuthErrorCodes.UserTokenMissing);
    }

    [Theory]
    [InlineData("/min/t/tenant_789/gateway")]
    [InlineData("/mvc/t/tenant_789/gateway")]
    public async Task Gateway_endpoint_checks_the_scopes_of_a_service_token_that_comes_along(string path)
    {
        var sent = await _api.PostAsync(path, Service("unrelated.scope"), User(GatewayActivity));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
    }

    [Fact]
    public async Task Expired_token_is_refused_with_its_verification_code_and_audited()
    {
        var expired = _api.Issuer.ServiceToken(ServiceId, S2SAuth.AspNetCore.Tests.Framework.TestApi.Audience, [UserScopedActivity])
            .ExpiresIn(TimeSpan.FromMinutes(-10)).Build();

        var sent = await _api.PostAsync("/min/t/tenant_789/user-scoped", expired, User(UserScopedActivity));

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Unauthorized, AuthErrorCodes.TokenExpired);
        Assert.Null(audit.ServiceId);
    }

    [Fact]
    public async Task Service_scope_mapped_to_the_activity_allows_it()
    {
        var sent = await _api.PostAsync("/min/archive", Service("orders.admin"), User(MappedActivity));

        await DecisionAssert.AllowedAsync(_api, sent);
    }

    [Fact]
    public async Task Unmapped_scope_does_not_allow_the_activity()
    {
        var sent = await _api.PostAsync("/min/archive", Service("orders.write"), User(MappedActivity));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
    }

    [Fact]
    public async Task Role_mapped_to_the_activity_grants_the_permission()
    {
        var sent = await _api.PostAsync("/min/archive", Service(MappedActivity), _api.UserToken([], roles: ["order-manager"]));

        await DecisionAssert.AllowedAsync(_api, sent);
    }

    [Fact]
    public async Task Role_not_mapped_to_the_activity_is_refused_with_permission_denied()
    {
        var sent = await _api.PostAsync("/min/archive", Service(MappedActivity), _api.UserToken([], roles: ["order-viewer"]));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied);
    }

    [Fact]
    public async Task Permission_for_another_activity_does_not_grant_this_one()
    {
        var sent = await _api.PostAsync("/min/archive", Service(MappedActivity), User(UserScopedActivity));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied);
    }

    [Fact]
    public async Task Group_and_endpoint_activities_are_both_required_in_one_decision()
    {
        var sent = await _api.PostAsync("/min/group/confirm", Service(UserScopedActivity, GatewayActivity), User(UserScopedActivity, GatewayActivity));

        var audit = await DecisionAssert.AllowedAsync(_api, sent);
        Assert.Equal(UserScopedActivity, audit.Activity);
    }

    [Fact]
    public async Task Group_activity_missing_from_the_scopes_refuses_the_endpoint_and_names_that_activity()
    {
        var sent = await _api.PostAsync("/min/group/confirm", Service(UserScopedActivity), User(UserScopedActivity, GatewayActivity));

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.ScopeMissing);
        Assert.Equal(GatewayActivity, audit.Activity);
    }

    [Fact]
    public async Task Group_identities_apply_to_the_endpoint_activity()
    {
        var serviceOnly = await _api.PostAsync("/min/jobs/reconcile", _api.ServiceToken([SystemActivity]), null);
        var withUser = await _api.PostAsync("/min/jobs/reconcile", _api.ServiceToken([SystemActivity]), User(SystemActivity));

        await DecisionAssert.AllowedAsync(_api, serviceOnly);
        await DecisionAssert.DeniedAsync(_api, withUser, HttpStatusCode.Forbidden, AuthErrorCodes.UserTokenNotAllowed);
    }

    [Fact]
    public async Task Tenant_rule_without_an_activity_refuses_every_request_as_misconfigured()
    {
        var sent = await _api.PostAsync("/min/misconfigured/tenant_789", Service(UserScopedActivity), User(UserScopedActivity));

        await ProblemAssert.IsProblemAsync(sent.Response, HttpStatusCode.Forbidden, AuthErrorCodes.Forbidden);
        Assert.Empty(_api.Audit.For(sent.CorrelationId));
        Assert.Contains(_api.Api.Logs.Entries, e => e.EventId.Id == 3202);
    }

    [Fact]
    public async Task Endpoints_without_RequireActivity_keep_the_default_identities_and_write_no_audit_event()
    {
        var sent = await _api.SendAsync(HttpMethod.Get, "/whoami", Service(), null);

        await ProblemAssert.IsProblemAsync(sent.Response, HttpStatusCode.Unauthorized, AuthErrorCodes.UserTokenMissing);
        Assert.Empty(_api.Audit.For(sent.CorrelationId));
    }

    [Fact]
    public void Activity_keys_with_spaces_or_empty_are_rejected_when_declared()
    {
        Assert.Throws<ArgumentException>(() => new RequireActivityAttribute("order confirm"));
        Assert.Throws<ArgumentException>(() => new RequireActivityAttribute(" "));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequireActivityAttribute("x", (RequiredIdentities)42));
    }
}
