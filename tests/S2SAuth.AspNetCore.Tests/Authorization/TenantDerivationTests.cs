using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Authorization;

/// <summary>
/// The tenant is derived once, at authentication, by the SPEC's rules, and a tenant-scoped service token acting for a
/// user of another tenant is refused (403 <c>tenant_mismatch</c>, one audit event) wherever the endpoint sits.
/// </summary>
public sealed class TenantDerivationTests : IClassFixture<RbacApiFixture>
{
    private readonly RbacApi _api;

    public TenantDerivationTests(RbacApiFixture fixture) => _api = fixture.Api;

    private string Service(string? tenantId, params string[] extraScopes) =>
        _api.ServiceToken([UserScopedActivity, SystemActivity, GatewayActivity, MappedActivity, .. extraScopes], tenantId);

    private string User(string? tenantId) => _api.UserToken([UserScopedActivity, GatewayActivity, MappedActivity], tenantId);

    private static async Task<string?> TenantOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("tenant").GetString();
    }

    [Theory]
    [InlineData("GET", "/whoami")]
    [InlineData("GET", "/mvc/whoami")]
    [InlineData("GET", "/mvc/whoami/authorize")]
    [InlineData("GET", "/gateway")]
    [InlineData("GET", "/mvc/whoami/gateway")]
    [InlineData("GET", "/min/custom-policy")]
    public async Task Tenant_scoped_service_token_with_a_user_of_another_tenant_is_refused_with_tenant_mismatch_without_RequireActivity(string method, string path)
    {
        var sent = await _api.SendAsync(new HttpMethod(method), path, Service(CallerTenant), User(OtherTenant));

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
        Assert.Equal("(none)", audit.Activity);
        Assert.Equal(ServiceId, audit.ServiceId);
        Assert.Equal(UserId, audit.UserId);
        Assert.Null(audit.TenantId);
        Assert.False(audit.CrossTenant);
    }

    [Theory]
    [InlineData("/min/archive")]
    [InlineData("/min/orders/raw")]
    public async Task Tenant_scoped_service_token_with_a_user_of_another_tenant_is_refused_with_tenant_mismatch_on_RequireActivity_endpoints(string path)
    {
        var sent = await _api.PostAsync(path, Service(CallerTenant), User(OtherTenant), JsonContent.Create(new { tenantId = OtherTenant }));

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
        Assert.Null(audit.TenantId);
    }

    [Fact]
    public async Task Tenant_scoped_service_token_with_a_user_of_another_tenant_gets_no_tenant_on_a_public_endpoint()
    {
        var sent = await _api.SendAsync(HttpMethod.Get, "/min/public/tenant", Service(CallerTenant), User(OtherTenant));

        Assert.Null(await TenantOf(sent.Response));
        Assert.Empty(_api.Audit.For(sent.CorrelationId));
    }

    [Theory]
    [InlineData("/whoami")]
    [InlineData("/mvc/whoami")]
    [InlineData("/min/custom-policy")]
    public async Task User_token_without_a_tenant_acts_in_the_tenant_of_a_tenant_scoped_service_token(string path)
    {
        var sent = await _api.SendAsync(HttpMethod.Get, path, Service(CallerTenant), User(tenantId: null));

        Assert.Equal(CallerTenant, await TenantOf(sent.Response));
    }

    [Theory]
    [InlineData("/min/t/tenant_999/user-scoped")]
    [InlineData("/mvc/t/tenant_999/user-scoped")]
    public async Task User_token_without_a_tenant_cannot_lift_a_service_tokens_tenant_restriction_and_is_refused_with_tenant_mismatch(string path)
    {
        var sent = await _api.PostAsync(path, Service(CallerTenant), User(tenantId: null));

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
        Assert.Equal(CallerTenant, audit.TenantId);
        Assert.Equal(OtherTenant, audit.RequestedTenantId);
    }

    [Fact]
    public async Task User_token_without_a_tenant_with_a_tenant_scoped_service_token_acts_in_the_service_tokens_tenant()
    {
        var sent = await _api.PostAsync("/min/t/tenant_789/user-scoped", Service(CallerTenant), User(tenantId: null));

        var audit = await DecisionAssert.AllowedAsync(_api, sent);
        Assert.Equal(CallerTenant, audit.TenantId);
    }

    [Theory]
    [InlineData("/min/admin/t/tenant_999/user-scoped")]
    [InlineData("/mvc/admin/t/tenant_999/user-scoped")]
    public async Task Tenant_scoped_service_token_with_the_privileged_scope_acts_for_a_user_of_another_tenant_on_a_cross_tenant_endpoint_audited_as_cross_tenant(string path)
    {
        var sent = await _api.PostAsync(path, Service(CallerTenant, CrossTenantScope), User(OtherTenant));

        var audit = await DecisionAssert.AllowedAsync(_api, sent);
        Assert.True(audit.CrossTenant);
        Assert.Equal(OtherTenant, audit.TenantId);
    }

    [Fact]
    public async Task Tenant_scoped_service_token_without_the_privileged_scope_for_a_user_of_another_tenant_is_refused_with_cross_tenant_not_allowed()
    {
        var sent = await _api.PostAsync("/min/admin/t/tenant_999/user-scoped", Service(CallerTenant), User(OtherTenant));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.CrossTenantNotAllowed);
    }

    [Fact]
    public async Task Tokens_of_the_same_tenant_act_in_it_on_a_default_policy_endpoint_without_an_audit_event()
    {
        var sent = await _api.SendAsync(HttpMethod.Get, "/whoami", Service(CallerTenant), User(CallerTenant));

        Assert.Equal(CallerTenant, await TenantOf(sent.Response));
        Assert.Empty(_api.Audit.For(sent.CorrelationId));
    }
}
