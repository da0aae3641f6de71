using System.Net;
using System.Net.Http.Json;
using System.Text;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Authorization;

public sealed class TenantRuleTests : IClassFixture<RbacApiFixture>
{
    private readonly RbacApi _api;

    public TenantRuleTests(RbacApiFixture fixture) => _api = fixture.Api;

    private string Service(string? tenantId = null, params string[] extraScopes) =>
        _api.ServiceToken([UserScopedActivity, SystemActivity, .. extraScopes], tenantId);

    private string User(string? tenantId = CallerTenant) => _api.UserToken([UserScopedActivity], tenantId);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("/min/orders")]
    [InlineData("/mvc/orders")]
    public async Task Body_tenant_equal_to_the_callers_is_allowed_and_the_endpoint_still_reads_the_body(string path)
    {
        var sent = await _api.PostAsync(path, Service(), User(), JsonContent.Create(new OrderRequest(CallerTenant, "order_1", 3)));

        var audit = await DecisionAssert.AllowedAsync(_api, sent);
        var echoed = await sent.Response.Content.ReadFromJsonAsync<OrderRequest>();
        Assert.Equal(new OrderRequest(CallerTenant, "order_1", 3), echoed);
        Assert.Equal(CallerTenant, audit.RequestedTenantId);
    }

    [Theory]
    [InlineData("/min/orders")]
    [InlineData("/mvc/orders")]
    public async Task Body_tenant_of_another_tenant_is_refused_with_tenant_mismatch(string path)
    {
        var sent = await _api.PostAsync(path, Service(), User(), JsonContent.Create(new OrderRequest(OtherTenant, "order_1", 3)));

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
        Assert.Equal(OtherTenant, audit.RequestedTenantId);
        Assert.Equal(CallerTenant, audit.TenantId);
    }

    [Fact]
    public async Task Body_without_a_tenant_acts_in_the_callers_tenant()
    {
        var sent = await _api.PostAsync("/min/orders", Service(), User(), Json("""{"orderId":"order_1","quantity":1}"""));

        var audit = await DecisionAssert.AllowedAsync(_api, sent);
        Assert.Null(audit.RequestedTenantId);
    }

    [Fact]
    public async Task Body_naming_two_tenants_in_different_casing_is_refused_with_tenant_mismatch()
    {
        var sent = await _api.PostAsync("/min/orders", Service(), User(), Json($$"""{"tenantId":"{{CallerTenant}}","TenantId":"{{OtherTenant}}"}"""));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
    }

    [Fact]
    public async Task Body_repeating_the_tenant_property_with_another_value_is_refused_with_tenant_mismatch()
    {
        var sent = await _api.PostAsync("/min/orders", Service(), User(), Json($$"""{"tenantId":"{{CallerTenant}}","tenantId":"{{OtherTenant}}"}"""));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
    }

    [Theory]
    [InlineData("""{"tenantId":""", "application/json")]
    [InlineData("""[{"tenantId":"tenant_999"}]""", "application/json")]
    [InlineData("""{"tenantId":42}""", "application/json")]
    public async Task Body_that_cannot_be_read_is_refused_with_tenant_unreadable(string body, string contentType)
    {
        var sent = await _api.PostAsync("/min/orders", Service(), User(), new StringContent(body, Encoding.UTF8, contentType));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantUnreadable);
    }

    [Fact]
    public async Task Body_larger_than_the_limit_is_refused_with_tenant_unreadable()
    {
        var padding = new string('x', 70 * 1024);
        var sent = await _api.PostAsync("/min/orders", Service(), User(), Json($$"""{"tenantId":"{{CallerTenant}}","orderId":"{{padding}}"}"""));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantUnreadable);
    }

    [Fact]
    public async Task Chunked_body_larger_than_the_limit_is_refused_with_tenant_unreadable()
    {
        var padding = new string('x', 70 * 1024);
        var sent = await _api.PostAsync("/min/orders", Service(), User(), new ChunkedJsonContent($$"""{"tenantId":"{{CallerTenant}}","orderId":"{{padding}}"}"""));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantUnreadable);
    }

    [Fact]
    public async Task Chunked_body_within_the_limit_is_read_for_its_tenant_and_by_the_endpoint()
    {
        var sent = await _api.PostAsync("/mvc/orders", Service(), User(), new ChunkedJsonContent($$"""{"tenantId":"{{OtherTenant}}","orderId":"order_1","quantity":2}"""));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
        var allowed = await _api.PostAsync("/mvc/orders", Service(), User(), new ChunkedJsonContent($$"""{"tenantId":"{{CallerTenant}}","orderId":"order_1","quantity":2}"""));
        await DecisionAssert.AllowedAsync(_api, allowed);
        Assert.Equal(new OrderRequest(CallerTenant, "order_1", 2), await allowed.Response.Content.ReadFromJsonAsync<OrderRequest>());
    }

    [Fact]
    public async Task Form_body_on_an_endpoint_reading_the_tenant_from_json_is_refused_with_tenant_unreadable()
    {
        var form = new FormUrlEncodedContent([new("tenantId", OtherTenant)]);
        var sent = await _api.PostAsync("/mvc/orders", Service(), User(), form);

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantUnreadable);
    }

    [Fact]
    public async Task Query_tenant_of_another_tenant_is_refused_with_tenant_mismatch()
    {
        var sent = await _api.SendAsync(HttpMethod.Get, "/min/orders?tenant=" + OtherTenant, Service(), User());

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
    }

    [Fact]
    public async Task Query_naming_the_tenant_twice_differently_is_refused_with_tenant_mismatch()
    {
        var sent = await _api.SendAsync(HttpMethod.Get, $"/min/orders?tenant={CallerTenant}&tenant={OtherTenant}", Service(), User());

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
    }

    [Fact]
    public async Task Query_tenant_equal_to_the_callers_is_allowed()
    {
        var sent = await _api.SendAsync(HttpMethod.Get, "/min/orders?tenant=" + CallerTenant, Service(), User());

        await DecisionAssert.AllowedAsync(_api, sent);
    }

    [Theory]
    [InlineData("/min/t/tenant_789/system")]
    [InlineData("/mvc/t/tenant_789/system")]
    public async Task Service_only_call_without_a_tenant_in_its_token_is_refused_with_tenant_missing(string path)
    {
        var sent = await _api.PostAsync(path, Service(tenantId: null), null);

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMissing);
        Assert.Null(audit.TenantId);
    }

    [Fact]
    public async Task User_token_without_a_tenant_on_a_tenant_scoped_endpoint_is_refused_with_tenant_missing()
    {
        var sent = await _api.PostAsync("/min/t/tenant_789/user-scoped", Service(), User(tenantId: null));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMissing);
    }

    [Theory]
    [InlineData("/min/admin/t/tenant_999/system")]
    [InlineData("/mvc/admin/t/tenant_999/system")]
    public async Task Platform_service_without_a_tenant_but_with_the_privileged_scope_acts_in_the_named_tenant_audited_as_cross_tenant(string path)
    {
        var sent = await _api.PostAsync(path, Service(null, CrossTenantScope), null);

        var audit = await DecisionAssert.AllowedAsync(_api, sent);
        Assert.True(audit.CrossTenant);
        Assert.Null(audit.TenantId);
        Assert.Equal(OtherTenant, audit.RequestedTenantId);
    }

    [Fact]
    public async Task Platform_service_without_a_tenant_and_without_the_privileged_scope_is_refused_with_cross_tenant_not_allowed()
    {
        var sent = await _api.PostAsync("/min/admin/t/tenant_999/system", Service(), null);

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.CrossTenantNotAllowed);
    }

    [Fact]
    public async Task Tenant_scoped_service_token_acting_for_a_user_of_another_tenant_is_refused_with_tenant_mismatch()
    {
        var sent = await _api.PostAsync("/min/t/tenant_789/user-scoped", Service(OtherTenant), User());

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
    }

    [Fact]
    public async Task Tenant_scoped_service_token_acting_for_a_user_of_its_tenant_is_allowed()
    {
        var sent = await _api.PostAsync("/min/t/tenant_789/user-scoped", Service(CallerTenant), User());

        await DecisionAssert.AllowedAsync(_api, sent);
    }
}
