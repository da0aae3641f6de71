namespace Billing.Reconciliation;

/// <summary>One run of the job. <see cref="Refusal"/> is set when Pricing refused the job's call (e.g. <c>403 tenant_mismatch</c>).</summary>
public sealed record ReconciliationReport(string CorrelationId, string TenantId, int Checked, IReadOnlyList<string> Mismatched, string? Refusal)
{
    public bool Succeeded => Refusal is null;
}
