using System.Net;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

public static class DecisionAssert
{
    /// <summary>The response is the refusal with its exact status and code, and the request's one audit event says so.</summary>
    public static async Task<AuthorizationAuditEvent> DeniedAsync(RbacApi api, (HttpResponseMessage Response, string CorrelationId) sent, HttpStatusCode status, string code)
    {
        await ProblemAssert.IsProblemAsync(sent.Response, status, code);
        var audit = api.Audit.Single(sent.CorrelationId);
        Assert.Equal(AuditOutcome.Denied, audit.Outcome);
        Assert.Equal(code, audit.ReasonCode);
        Assert.Equal((int)status, audit.StatusCode);
        return audit;
    }

    /// <summary>The response is 200 and the request's one audit event allowed it.</summary>
    public static async Task<AuthorizationAuditEvent> AllowedAsync(RbacApi api, (HttpResponseMessage Response, string CorrelationId) sent)
    {
        var body = await sent.Response.Content.ReadAsStringAsync();
        Assert.True(sent.Response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)sent.Response.StatusCode}: {body}");
        var audit = api.Audit.Single(sent.CorrelationId);
        Assert.Equal(AuditOutcome.Allowed, audit.Outcome);
        Assert.Null(audit.ReasonCode);
        return audit;
    }
}
