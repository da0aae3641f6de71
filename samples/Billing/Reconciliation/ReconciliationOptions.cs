namespace Billing.Reconciliation;

/// <summary>The reconciliation job's settings (section <c>Reconciliation</c>).</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Reconciliation";

    /// <summary>The tenant whose invoices the job re-checks: the tenant of its service account (<c>billing-worker</c>).</summary>
    public string TenantId { get; set; } = string.Empty;

    /// <summary>Time between runs; zero runs the job only when <see cref="ReconciliationJob.RunOnceAsync"/> is called.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
