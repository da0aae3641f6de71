using Demo.Infrastructure;
using S2SAuth;

namespace Demo.Scenarios;

/// <summary>One audit event a scenario must produce: which service decided, allowed or denied, and why.</summary>
public sealed record AuditExpectation(string Service, AuditOutcome Outcome, string? Reason = null)
{
    public static AuditExpectation Allowed(string service) => new(service, AuditOutcome.Allowed);

    public static AuditExpectation Denied(string service, string reason) => new(service, AuditOutcome.Denied, reason);

    public override string ToString() => Reason is null ? $"{Service} {Outcome}" : $"{Service} {Outcome} {Reason}";

    /// <summary>Exactly these events, in this order; else what differs.</summary>
    public static string? Mismatch(IReadOnlyList<AuditRecord> actual, IReadOnlyList<AuditExpectation> expected)
    {
        var seen = actual.Select(r => new AuditExpectation(r.Service, r.Event.Outcome, r.Event.ReasonCode)).ToList();
        return seen.SequenceEqual(expected)
            ? null
            : $"audit events [{string.Join(", ", seen)}], expected [{string.Join(", ", expected)}]";
    }
}
