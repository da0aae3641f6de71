using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.Audit;

public sealed class AuditLogTests : IClassFixture<IssuerFixture>
{
    private readonly IssuerFixture _fixture;

    public AuditLogTests(IssuerFixture fixture) => _fixture = fixture;

    private static IReadOnlyList<CapturedLog> AuditLines(RbacApi api, string correlationId) =>
        api.Api.Logs.Entries.Where(e => e.Category == "S2SAuth.Audit" && e.Values.GetValueOrDefault("CorrelationId") == correlationId).ToList();

    [Fact]
    public async Task Default_sink_writes_one_structured_event_per_allowed_decision_with_event_id_3001()
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer, captureAudit: false);

        var (response, correlationId) = await api.PostAsync("/min/t/tenant_789/user-scoped", api.ServiceToken([UserScopedActivity]), api.UserToken([UserScopedActivity]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(AuditLines(api, correlationId));
        Assert.Equal(3001, line.EventId.Id);
        Assert.Equal("AuthorizationDecision", line.EventId.Name);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("Allowed", line.Values["Outcome"]);
        Assert.Equal(UserScopedActivity, line.Values["Activity"]);
        Assert.False(line.Values.ContainsKey("ReasonCode"), "an absent fact is left out of the line");
        Assert.Equal(ServiceId, line.Values["ServiceId"]);
        Assert.Equal(UserId, line.Values["UserId"]);
        Assert.Equal(CallerTenant, line.Values["TenantId"]);
        Assert.Equal(CallerTenant, line.Values["RequestedTenantId"]);
        Assert.False(line.Values.ContainsKey("CrossTenant"), "CrossTenant appears only when true");
        Assert.Equal("POST /min/t/{tenantId}/user-scoped", line.Values["Endpoint"]);
    }

    [Fact]
    public async Task Default_sink_writes_one_structured_event_per_denied_decision_with_its_reason()
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer, captureAudit: false);

        var (response, correlationId) = await api.PostAsync("/min/t/tenant_999/user-scoped", api.ServiceToken([UserScopedActivity]), api.UserToken([UserScopedActivity]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var line = Assert.Single(AuditLines(api, correlationId));
        Assert.Equal("Denied", line.Values["Outcome"]);
        Assert.Equal(AuthErrorCodes.TenantMismatch, line.Values["ReasonCode"]);
        Assert.Equal(OtherTenant, line.Values["RequestedTenantId"]);
    }

    [Fact]
    public async Task No_token_or_signature_appears_in_audit_events_logs_or_responses()
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer, captureAudit: false);
        var serviceToken = api.ServiceToken([UserScopedActivity, CrossTenantScope]);
        var userToken = api.UserToken([UserScopedActivity]);
        var bodies = new List<string>();
        foreach (var path in new[] { "/min/t/tenant_789/user-scoped", "/min/t/tenant_999/user-scoped", "/min/admin/t/tenant_999/user-scoped", "/min/archive", "/min/orders/order_2:confirm", "/mvc/t/tenant_789/system" })
        {
            var (response, _) = await api.PostAsync(path, serviceToken, userToken);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        var everything = api.Api.Logs.AllText() + string.Join('\n', bodies);
        Assert.Contains("S2SAuth.Audit", everything, StringComparison.Ordinal);
        foreach (var token in new[] { serviceToken, userToken })
        {
            Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
            foreach (var part in token.Split('.'))
            {
                Assert.DoesNotContain(part, everything, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Failing_sink_is_logged_and_does_not_change_the_decision()
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer, services: s => s.AddSingleton<IAuditSink, ThrowingAuditSink>());

        var (allowed, _) = await api.PostAsync("/min/t/tenant_789/user-scoped", api.ServiceToken([UserScopedActivity]), api.UserToken([UserScopedActivity]));
        var (denied, _) = await api.PostAsync("/min/t/tenant_789/user-scoped", api.ServiceToken([UserScopedActivity]), api.UserToken([]));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await ProblemAssert.IsProblemAsync(denied, HttpStatusCode.Forbidden, AuthErrorCodes.PermissionDenied);
        Assert.Equal(2, api.Api.Logs.Entries.Count(e => e.EventId.Id == 3002 && e.Values["ExceptionType"] == nameof(IOException)));
    }

    private sealed class ThrowingAuditSink : IAuditSink
    {
        public ValueTask WriteAsync(AuthorizationAuditEvent auditEvent, CancellationToken cancellationToken) => throw new IOException("disk full");
    }
}
