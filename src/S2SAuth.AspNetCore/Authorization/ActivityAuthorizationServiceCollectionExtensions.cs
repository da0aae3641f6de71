using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth.Audit;
using S2SAuth.Telemetry;

namespace S2SAuth.Authorization;

/// <summary>Registers RequireActivity's handler, checks, audit sink and metrics (called by <c>AddServiceAuth</c>).</summary>
internal static class ActivityAuthorizationServiceCollectionExtensions
{
    public static IServiceCollection AddActivityAuthorization(this IServiceCollection services)
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ActivityAuthorizationHandler>());
        return services;
    }
}
