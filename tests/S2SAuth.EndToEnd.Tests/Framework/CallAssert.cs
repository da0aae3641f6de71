using System.Net;
using Demo.Infrastructure;

namespace S2SAuth.EndToEnd.Tests.Framework;

public static class CallAssert
{
    /// <summary>Asserts the exact status and error code of a sample's answer.</summary>
    public static void IsRefused(CallResult result, HttpStatusCode status, string code)
    {
        Assert.True(result.Status == status && result.Code == code, $"Expected {(int)status} {code}, got {result} {result.Body}");
    }

    /// <summary>Asserts one audit event, written by <paramref name="service"/>, with this outcome and reason.</summary>
    public static AuditRecord SingleEvent(IReadOnlyList<AuditRecord> events, string service, AuditOutcome outcome, string? reason)
    {
        var record = Assert.Single(events);
        Assert.Equal(service, record.Service);
        Assert.Equal(outcome, record.Event.Outcome);
        Assert.Equal(reason, record.Event.ReasonCode);
        return record;
    }
}
