namespace Billing.Reconciliation;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>The job as a hosted service (runs every <c>Reconciliation:Interval</c>), also resolvable to run on demand.</summary>
    public static IServiceCollection AddReconciliationJob(this IServiceCollection services)
    {
        services.AddOptions<ReconciliationOptions>()
            .BindConfiguration(ReconciliationOptions.SectionName)
            .Validate(o => o.TenantId.Length > 0, "Reconciliation:TenantId must name the job's tenant (the tenant of its service account).")
            .ValidateOnStart();
        services.AddSingleton<ReconciliationJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ReconciliationJob>());
        return services;
    }
}
