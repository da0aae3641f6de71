using SampleHosting;

namespace Billing.Hosting;

/// <summary>Starts Billing in-process on a free loopback port (the demo, the end-to-end tests).</summary>
public static class BillingHost
{
    /// <summary>
    /// Needs <c>ServiceAuth:Authority</c>, <c>ServiceAuth:Audience</c> (<c>billing-service</c>), <c>ServiceAuth:ClientId</c>
    /// and <c>ServiceAuth:ClientSecret</c> (<c>billing-worker</c>), <c>Services:Pricing</c>, <c>Reconciliation:TenantId</c>,
    /// and <c>Reconciliation:Interval</c> (<c>00:00:00</c> runs the job only on demand).
    /// </summary>
    public static Task<RunningService> StartAsync(SampleStartOptions options, CancellationToken cancellationToken = default) =>
        SampleHost.StartAsync(Program.Build, options, cancellationToken);
}
