using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Authorization;

/// <summary>
/// Whether a body is empty is decided by the body itself: a body without Content-Length (chunked, HTTP/2) and without
/// Content-Type is not taken for an empty one; not declared JSON, it is refused as any other non-JSON body.
/// </summary>
public sealed class TenantBodyWithoutContentTypeTests : IClassFixture<RbacApiFixture>
{
    private readonly RbacApi _api;

    public TenantBodyWithoutContentTypeTests(RbacApiFixture fixture) => _api = fixture.Api;

    private string Service() => _api.ServiceToken([UserScopedActivity]);

    private string User() => _api.UserToken([UserScopedActivity]);

    [Theory]
    [InlineData("/min/orders/raw")]
    [InlineData("/min/orders")]
    [InlineData("/mvc/orders")]
    public async Task Chunked_body_without_content_type_naming_another_tenant_is_refused_with_tenant_unreadable(string path)
    {
        var sent = await _api.PostAsync(path, Service(), User(), new ChunkedJsonContent($$"""{"tenantId":"{{OtherTenant}}"}""", mediaType: null));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantUnreadable);
    }

    [Fact]
    public async Task Chunked_body_without_content_type_naming_the_callers_tenant_is_refused_with_tenant_unreadable_too()
    {
        var sent = await _api.PostAsync("/min/orders/raw", Service(), User(), new ChunkedJsonContent($$"""{"tenantId":"{{CallerTenant}}"}""", mediaType: null));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantUnreadable);
    }

    [Fact]
    public async Task Chunked_json_body_naming_another_tenant_is_refused_with_tenant_mismatch_on_an_endpoint_reading_the_body_itself()
    {
        var sent = await _api.PostAsync("/min/orders/raw", Service(), User(), new ChunkedJsonContent($$"""{"tenantId":"{{OtherTenant}}"}"""));

        var audit = await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
        Assert.Equal(OtherTenant, audit.RequestedTenantId);
    }

    [Fact]
    public async Task Chunked_json_body_naming_the_callers_tenant_is_allowed_and_read_again_by_the_endpoint()
    {
        var sent = await _api.PostAsync("/min/orders/raw", Service(), User(), new ChunkedJsonContent($$"""{"tenantId":"{{CallerTenant}}"}"""));

        var audit = await DecisionAssert.AllowedAsync(_api, sent);
        Assert.Equal(CallerTenant, audit.RequestedTenantId);
        Assert.Equal(CallerTenant, (await sent.Response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Chunked_body_without_content_type_larger_than_the_limit_is_refused_with_tenant_unreadable()
    {
        var padding = new string('x', 70 * 1024);
        var sent = await _api.PostAsync("/min/orders/raw", Service(), User(), new ChunkedJsonContent($$"""{"tenantId":"{{CallerTenant}}","orderId":"{{padding}}"}""", mediaType: null));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantUnreadable);
    }

    [Fact]
    public async Task Empty_chunked_body_without_content_type_names_no_tenant()
    {
        var sent = await _api.PostAsync("/min/orders", Service(), User(), new ChunkedJsonContent(string.Empty, mediaType: null));

        // No tenant requested: the decision allows; the endpoint itself then refuses to bind a missing body.
        var audit = _api.Audit.Single(sent.CorrelationId);
        Assert.Equal(AuditOutcome.Allowed, audit.Outcome);
        Assert.Null(audit.RequestedTenantId);
    }

    [Fact]
    public async Task Form_body_with_a_declared_length_and_no_json_type_is_still_refused_with_tenant_unreadable()
    {
        var sent = await _api.PostAsync("/min/orders/raw", Service(), User(), new StringContent("tenantId=" + OtherTenant, Encoding.UTF8, "text/plain"));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantUnreadable);
    }
}
