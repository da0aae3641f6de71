using Microsoft.AspNetCore.Authorization;

namespace S2SAuth.Authorization;

/// <summary>An authorization requirement: the request carries the <see cref="RequiredIdentities"/> an endpoint needs.</summary>
internal sealed class IdentityRequirement : AuthorizationHandler<IdentityRequirement>, IAuthorizationRequirement
{
    public IdentityRequirement(RequiredIdentities identities) => Identities = identities;

    public RequiredIdentities Identities { get; }

    /// <summary>The refusal for this request, or <see langword="null"/> when the identities are there.</summary>
    public static (int Status, string Code)? Check(RequiredIdentities identities, ServiceAuthContext? context)
    {
        var hasService = context?.Service is not null;
        var hasUser = context?.User is not null;
        return identities switch
        {
            RequiredIdentities.ServiceAndUser when !hasService => (401, AuthErrorCodes.ServiceTokenMissing),
            RequiredIdentities.ServiceAndUser when !hasUser => (401, AuthErrorCodes.UserTokenMissing),
            RequiredIdentities.ServiceOnly when !hasService => (401, AuthErrorCodes.ServiceTokenMissing),
            RequiredIdentities.ServiceOnly when hasUser => (403, AuthErrorCodes.UserTokenNotAllowed),
            RequiredIdentities.ServiceWithOptionalUser when !hasService => (401, AuthErrorCodes.ServiceTokenMissing),
            RequiredIdentities.User when !hasUser => (401, AuthErrorCodes.UserTokenMissing),
            _ => null,
        };
    }

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, IdentityRequirement requirement)
    {
        var http = context.Resource as Microsoft.AspNetCore.Http.HttpContext;
        var refusal = Check(requirement.Identities, http?.GetServiceAuthContext());
        if (refusal is { } r)
        {
            context.Fail(new ServiceAuthFailureReason(this, r.Status, r.Code, null));
        }
        else
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
