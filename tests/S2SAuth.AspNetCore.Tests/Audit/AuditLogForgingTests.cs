using System.Net;
using System.Net.Http.Json;
using S2SAuth.AspNetCore.Tests.Authorization.Framework;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;
using static S2SAuth.AspNetCore.Tests.Authorization.Framework.RbacApi;

namespace S2SAuth.AspNetCore.Tests.Audit;

/// <summary>
/// A tenant named by the request follows the correlation-id rule (<c>[A-Za-z0-9._:-]</c>, at most 128 characters): any
/// other is refused with <c>tenant_invalid</c>, and no text from the request reaches a log line unescaped.
/// </summary>
public sealed class AuditLogForgingTests : IClassFixture<IssuerFixture>
{
    private const string Forged = "x\r\n2025-01-01 info: S2SAuth.Audit[3001] Authorization Allowed for activity admin.all";
    private readonly IssuerFixture _fixture;

    public AuditLogForgingTests(IssuerFixture fixture) => _fixture = fixture;

    public static TheoryData<string> Sources() => ["query", "route", "body"];

    private static Task<(HttpResponseMessage Response, string CorrelationId)> SendAsync(RbacApi api, string source, string tenant)
    {
        var service = api.ServiceToken([UserScopedActivity]);
        var user = api.UserToken([UserScopedActivity]);
        return source switch
        {
            "query" => api.SendAsync(HttpMethod.Get, "/min/orders?tenant=" + Uri.EscapeDataString(tenant), service, user),
            "route" => api.PostAsync("/min/t/" + Uri.EscapeDataString(tenant) + "/user-scoped", service, user),
            _ => api.PostAsync("/min/orders", service, user, JsonContent.Create(new OrderRequest(tenant, "order_1", 1))),
        };
    }

    private static IReadOnlyList<CapturedLog> AuditLines(RbacApi api, string correlationId) =>
        api.Api.Logs.Entries.Where(e => e.Category == "S2SAuth.Audit" && e.Values.GetValueOrDefault("CorrelationId") == correlationId).ToList();

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Requested_tenant_with_a_line_break_is_refused_with_tenant_invalid_and_writes_one_audit_line_without_it(string source)
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer, captureAudit: false);

        var (response, correlationId) = await SendAsync(api, source, Forged);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "tenant_invalid");
        var line = Assert.Single(AuditLines(api, correlationId));
        Assert.Equal("Denied", line.Values["Outcome"]);
        Assert.Equal("tenant_invalid", line.Values["ReasonCode"]);
        Assert.StartsWith("x\\u000D\\u000A2025-01-01", line.Values["RequestedTenantId"], StringComparison.Ordinal);
        // S2SAuth's own lines (ASP.NET Core's hosting and routing logs write the decoded path as it came; not ours to change).
        var ours = api.Api.Logs.Entries.Where(e => e.Category.StartsWith("S2SAuth.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ours);
        Assert.DoesNotContain(ours, e => e.Message.AsSpan().IndexOfAny('\r', '\n') >= 0);
        Assert.DoesNotContain(ours, e => e.Values.Values.Any(v => v is not null && v.AsSpan().IndexOfAny('\r', '\n') >= 0));
        Assert.Single(ours, e => e.Category == "S2SAuth.Audit");
    }

    [Theory]
    [InlineData("tenant 789")]
    [InlineData("tenant_789\u0000")]
    [InlineData("tenänt")]
    [InlineData("tenant/../789")]
    public async Task Requested_tenant_outside_the_id_character_set_is_refused_with_tenant_invalid(string tenant)
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer);

        var sent = await SendAsync(api, "query", tenant);

        var audit = await DecisionAssert.DeniedAsync(api, sent, HttpStatusCode.Forbidden, "tenant_invalid");
        Assert.DoesNotContain(audit.RequestedTenantId!, c => c is < ' ' or > '~');
    }

    [Fact]
    public async Task Requested_tenant_longer_than_128_characters_is_refused_with_tenant_invalid_and_audited_shortened()
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer);

        var sent = await SendAsync(api, "body", new string('t', 10_000));

        var audit = await DecisionAssert.DeniedAsync(api, sent, HttpStatusCode.Forbidden, "tenant_invalid");
        Assert.True(audit.RequestedTenantId!.Length <= 140, $"{audit.RequestedTenantId.Length} characters audited");
    }

    [Fact]
    public async Task Requested_tenant_of_128_id_characters_is_checked_against_the_callers_as_usual()
    {
        await using var api = await RbacApi.StartAsync(_fixture.Issuer);

        var sent = await SendAsync(api, "route", "a-Z_0.9:" + new string('x', 120));

        await DecisionAssert.DeniedAsync(api, sent, HttpStatusCode.Forbidden, AuthErrorCodes.TenantMismatch);
    }
}
