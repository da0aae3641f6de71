using Demo.Infrastructure;
using Demo.Scenarios;
using S2SAuth;

namespace Demo;

/// <summary>The demo's readable output: a line or two per scenario, then the audit lines of its correlation id.</summary>
internal sealed class ConsoleReport(TextWriter output)
{
    public void Title()
    {
        output.WriteLine("S2SAuth demo: an OAuth2 issuer and three services calling each other, all in this process on loopback.");
        output.WriteLine();
    }

    public void Started(DemoSystem system, TimeSpan elapsed)
    {
        output.WriteLine($"Started in {elapsed.TotalSeconds:0.0} s:");
        output.WriteLine($"  issuer   {system.Authority,-24} AuthService (OpenIddict, SQLite), development user tokens on");
        output.WriteLine($"  orders   {Address(system.Orders.BaseAddress),-24} audience orders-service, calls Pricing for the user, Billing as itself");
        output.WriteLine($"  pricing  {Address(system.Pricing.BaseAddress),-24} audience pricing-service");
        output.WriteLine($"  pricing-2 {Address(system.PricingReplica.BaseAddress),-23} a second Pricing instance (replica); revocations shared through {system.RevocationStoreName}");
        output.WriteLine($"  billing  {Address(system.Billing.BaseAddress),-24} audience billing-service, reconciliation job as billing-worker (tenant_a)");
        output.WriteLine();
    }

    public void Scenario(int number, Scenario scenario, ScenarioOutcome outcome, IReadOnlyList<AuditRecord> audit)
    {
        output.WriteLine($"{number,2}. {(outcome.Passed ? "PASS" : "FAIL")}  {scenario.Title}");
        output.WriteLine($"          got {outcome.Actual}   (expected: {scenario.Expected})");
        if (outcome.Problem is { } problem)
        {
            output.WriteLine($"          PROBLEM: {problem}");
        }

        // Every audit line of the scenario's correlation id, whichever service wrote it.
        if (audit.Count == 0)
        {
            output.WriteLine($"          {outcome.CorrelationId}  (no decision at any service)");
        }

        foreach (var record in audit)
        {
            output.WriteLine($"          {outcome.CorrelationId}  {Line(record)}");
        }

        output.WriteLine();
    }

    public void Summary(int passed, int total, TimeSpan elapsed)
    {
        output.WriteLine(passed == total
            ? $"All {total} scenarios behaved as expected ({elapsed.TotalSeconds:0.0} s)."
            : $"{total - passed} of {total} scenarios did NOT behave as expected ({elapsed.TotalSeconds:0.0} s).");
    }

    public void Line(string text) => output.WriteLine(text);

    private static string Line(AuditRecord record)
    {
        var e = record.Event;
        var tenant = e.TenantId ?? "-";
        if (e.RequestedTenantId is { } requested && requested != e.TenantId)
        {
            tenant += $" requested={requested}";
        }

        if (e.CrossTenant)
        {
            tenant += " (cross-tenant, privileged scope)";
        }

        if (e.Actors is { Count: > 0 } actors)
        {
            tenant += $" act={string.Join('<', actors)}"; // the RFC 8693 act chain, most recent actor first, as in the audit line
        }

        var decision = e.Outcome == AuditOutcome.Allowed ? "allowed" : $"denied {e.ReasonCode}";
        return $"{record.Service,-8} {e.Activity,-16} {decision,-26} service={e.ServiceId ?? "-",-18} user={e.UserId ?? "-",-6} tenant={tenant}";
    }

    private static string Address(Uri uri) => uri.AbsoluteUri.TrimEnd('/');
}
