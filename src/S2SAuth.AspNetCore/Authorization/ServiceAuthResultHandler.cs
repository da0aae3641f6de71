using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using S2SAuth.Http;

namespace S2SAuth.Authorization;

/// <summary>
/// Turns authorization outcomes into S2SAuth's answers: an invalid token is 401 (503 without keys) with its code,
/// whatever the policy; an S2SAuth requirement's refusal carries its own status and code. Other refusals
/// go to ASP.NET Core's default handler (and so to the scheme's challenge/forbid).
/// </summary>
internal sealed class ServiceAuthResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();
    private readonly ProblemResponder _problems;

    public ServiceAuthResultHandler(ProblemResponder problems) => _problems = problems;

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            return next(context);
        }

        var auth = context.GetServiceAuthContext();
        if (auth is { FailureCode: { } code })
        {
            return _problems.WriteAsync(context, code, auth.FailureDetail);
        }

        // A challenge carries no authorization failure: the refusal our requirement decided is on the context.
        if ((auth?.Refusal ?? authorizeResult.AuthorizationFailure?.FailureReasons.OfType<ServiceAuthFailureReason>().FirstOrDefault()) is { } reason)
        {
            return _problems.WriteAsync(context, reason.Status, reason.Code, reason.Detail ?? RefusalDetails.For(reason.Code));
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
