using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Idempotency;

namespace S2SAuth;

/// <summary>
/// MVC: POST, PUT, PATCH and DELETE calls to the controller's actions (or this action) run once per
/// <c>Idempotency-Key</c> and verified caller, and retries get the first response replayed — the same behaviour as
/// <c>.RequireIdempotency()</c> on minimal APIs (which also works on <c>MapControllers()</c>). It runs as a resource
/// filter: after authorization, around model binding, the action and its result. Needs <c>AddIdempotency()</c> or
/// <c>AddRedisIdempotency()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireIdempotencyAttribute : Attribute, IFilterFactory
{
    /// <summary>The filter holds no per-request state: one instance serves every request.</summary>
    public bool IsReusable => true;

    /// <summary>Creates the resource filter that runs the idempotency checks.</summary>
    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider)
    {
        ArgumentNullException.ThrowIfNull(serviceProvider);
        var filter = serviceProvider.GetService<IdempotencyFilter>() ?? throw new InvalidOperationException(
            "[RequireIdempotency] needs builder.Services.AddServiceAuth(...).AddIdempotency() (one instance) or .AddRedisIdempotency() (S2SAuth.Redis, several instances).");
        return new IdempotencyResourceFilter(filter);
    }
}
