using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S2SAuth.Logging;
using S2SAuth.Tenants;

namespace S2SAuth.Authorization;

/// <summary>
/// Step 3: the user holds the activity through the token's <c>permissions</c>, a mapped role, or the registered
/// <see cref="IPermissionSource"/>. A source that cannot answer refuses the request (fail closed), never a 500.
/// </summary>
internal sealed class PermissionCheck
{
    private readonly ActivityRules _rules;
    private readonly ILogger _logger;

    public PermissionCheck(ActivityRules rules, ILogger<PermissionCheck> logger)
    {
        _rules = rules;
        _logger = logger;
    }

    /// <summary>The refusal, or <see langword="null"/> when the user holds the activity.</summary>
    public async ValueTask<ActivityDecision?> CheckAsync(HttpContext http, ServiceAuthContext auth, UserIdentity user, string activity)
    {
        if (_rules.UserClaimsGrant(user, activity))
        {
            return null;
        }

        if (http.RequestServices.GetService<IPermissionSource>() is not { } source)
        {
            return Denied(activity);
        }

        // The user's permission in the request's tenant; a request in tenant conflict has none until step 4 decides
        // (refused, or across tenants in the user's tenant): its user is asked about in the user's own tenant.
        var tenantId = TenantConflict.Of(http)?.UserTenant.TenantId ?? auth.Tenant.TenantId;
        PermissionAnswer answer;
        try
        {
            answer = await source.CheckAsync(new PermissionQuery(user.UserId, tenantId, activity), http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of the source is "cannot answer": fail closed, never a 500.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.PermissionSourceFailed(_logger, activity, ex.GetType().Name, auth.Correlation.CorrelationId);
            answer = PermissionAnswer.Unavailable;
        }

        return answer switch
        {
            PermissionAnswer.Granted => null,
            PermissionAnswer.Denied => Denied(activity),
            _ => ActivityDecision.Deny(activity, StatusCodes.Status503ServiceUnavailable, AuthErrorCodes.PermissionSourceUnavailable,
                "The permission service could not answer; the request is refused. Retry later."),
        };
    }

    private static ActivityDecision Denied(string activity) =>
        ActivityDecision.Deny(activity, StatusCodes.Status403Forbidden, AuthErrorCodes.PermissionDenied, $"The user does not hold '{activity}'.");
}
