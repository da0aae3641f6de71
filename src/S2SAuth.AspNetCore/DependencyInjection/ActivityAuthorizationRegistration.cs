using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Audit;
using S2SAuth.Authorization;
using S2SAuth.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RequireActivity's handler, checks, audit sink and pipeline, and metrics (part of <c>AddServiceAuth</c>).</summary>
internal static class ActivityAuthorizationRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAuthOptions>, ActivityAuthorizationOptionsValidator>());
        services.TryAddSingleton<ActivityRules>();
        services.TryAddSingleton<PermissionCheck>();
        services.TryAddSingleton<TenantCheck>();
        services.TryAddSingleton<TenantConflictCheck>();
        services.TryAddSingleton<ObjectRuleCheck>();
        services.TryAddSingleton<ActivityEvaluator>();
        services.TryAddSingleton<AuthorizationMetrics>();
        services.TryAddSingleton<DecisionRecorder>();
        services.TryAddSingleton<IAuditSink, LoggingAuditSink>();
        AddAuditPipeline(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ActivityAuthorizationHandler>());
    }

    // ServiceAuth:Audit: the bounded queue, the background writer, the built-in sinks (docs/audit.md).
    private static void AddAuditPipeline(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAuthOptions>, AuditOptionsValidator>());
        services.TryAddSingleton<AuditMetrics>();
        services.TryAddSingleton<AuditDrops>();
        services.TryAddSingleton<AuditQueue>();
        services.TryAddSingleton<AuditOutput>();
        services.TryAddSingleton<AuditTrail>();
        services.AddHostedService<AuditWriter>();
    }
}
