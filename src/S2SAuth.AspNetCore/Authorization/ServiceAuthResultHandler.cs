using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using S2SAuth.Http;
using S2SAuth.Tenants;

namespace S2SAuth.Authorization;

/// <summary>
/// Turns authorization outcomes into S2SAuth's answers: an invalid token is 401 (503 without keys) with its code,
/// whatever the policy; an S2SAuth requirement's refusal carries its own status and code. Other refusals
/// go to ASP.NET Core's default handler (and so to the scheme's challenge/forbid). A tenant conflict that a policy
/// without S2SAuth's requirements let through is refused here.
/// </summary>
internal sealed class ServiceAuthResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();
    private readonly ProblemResponder _problems;
    private readonly TenantConflictCheck _conflicts;

    public ServiceAuthResultHandler(ProblemResponder problems, TenantConflictCheck conflicts)
    {
        _problems = problems;
        _conflicts = conflicts;
    }

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            // A policy without S2SAuth's requirements (the application's own) let a tenant conflict through: refuse it anyway.
            return TenantConflict.Of(context) is { AllowedAcross: not true } && context.GetServiceAuthContext() is { } conflicted
                ? RefuseConflictAsync(next, context, conflicted)
                : next(context);
        }

        // The request's refusal: authentication's (a failed token stands whatever the policy), else the first an S2SAuth
        // requirement decided. Kept on the request because ASP.NET Core hands a challenge (no authenticated identity) to
        // this handler without the authorization failure.
        if ((Refusal.Of(context) ?? authorizeResult.AuthorizationFailure?.FailureReasons.OfType<ServiceAuthFailureReason>().FirstOrDefault()?.Refusal) is { } refusal)
        {
            return _problems.WriteAsync(context, refusal.Detail is null ? refusal with { Detail = RefusalDetails.For(refusal.Code) } : refusal);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private async Task RefuseConflictAsync(RequestDelegate next, HttpContext context, ServiceAuthContext auth)
    {
        if (await _conflicts.RefuseAsync(context, auth).ConfigureAwait(false) is { } refusal)
        {
            await _problems.WriteAsync(context, refusal.Status, refusal.Code!, refusal.Detail).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
