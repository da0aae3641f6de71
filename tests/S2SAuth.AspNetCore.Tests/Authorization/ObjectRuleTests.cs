using System.Net;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Authorization;

public sealed class ObjectRuleTests : IClassFixture<RbacApiFixture>
{
    private readonly RbacApi _api;

    public ObjectRuleTests(RbacApiFixture fixture) => _api = fixture.Api;

    private OrderStore Store => _api.Services.GetRequiredService<OrderStore>();

    private string Service() => _api.ServiceToken([UserScopedActivity]);

    private string User() => _api.UserToken([UserScopedActivity]);

    [Theory]
    [InlineData("/min/orders/order_1:confirm")]
    [InlineData("/mvc/orders/order_1:confirm")]
    public async Task Owner_passes_the_object_rule_through_IAuthorizationService(string path)
    {
        var sent = await _api.PostAsync(path, Service(), User());

        await DecisionAssert.AllowedAsync(_api, sent);
    }

    [Theory]
    [InlineData("/min/orders/order_2:confirm")]
    [InlineData("/mvc/orders/order_2:confirm")]
    [InlineData("/min/orders/order_404:confirm")]
    [InlineData("/mvc/orders/order_404:confirm")]
    public async Task Object_rule_refusal_or_unknown_object_is_refused_with_object_denied(string path)
    {
        var sent = await _api.PostAsync(path, Service(), User());

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.ObjectDenied);
    }

    [Fact]
    public async Task Object_rule_that_throws_refuses_with_object_denied_never_a_500()
    {
        var sent = await _api.PostAsync("/min/orders/order_1:throwing", Service(), User());

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.ObjectDenied);
        var logged = Assert.Single(_api.Api.Logs.Entries, e => e.EventId.Id == 3201 && e.Scopes.Any(s => s.Contains(sent.CorrelationId, StringComparison.Ordinal)));
        Assert.Equal("InvalidOperationException", logged.Values["ExceptionType"]);
        Assert.DoesNotContain("the rule's own bug", _api.Api.Logs.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/min/orders/order_1:confirm")]
    [InlineData("/mvc/orders/order_1:confirm")]
    public async Task Object_rule_is_not_run_when_the_permission_check_fails(string path)
    {
        var before = Store.RuleCalls;

        var sent = await _api.PostAsync(path, Service(), _api.UserToken([]));

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied);
        Assert.Equal(before, Store.RuleCalls);
    }

    [Fact]
    public async Task Object_rule_is_not_run_when_the_tenant_check_fails()
    {
        var before = Store.RuleCalls;

        var sent = await _api.PostAsync("/min/t/tenant_999/orders/order_1:cancel", Service(), User());

        await DecisionAssert.DeniedAsync(_api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
        Assert.Equal(before, Store.RuleCalls);
    }

    [Fact]
    public async Task Object_rule_runs_once_when_every_earlier_check_passes()
    {
        var before = Store.RuleCalls;

        var sent = await _api.PostAsync("/min/t/tenant_789/orders/order_1:cancel", Service(), User());

        await DecisionAssert.AllowedAsync(_api, sent);
        Assert.Equal(before + 1, Store.RuleCalls);
    }
}
