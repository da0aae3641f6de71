using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Http;
using S2SAuth.Tenants;

namespace S2SAuth.Authorization;

/// <summary>
/// An authorization requirement: the request carries the <see cref="RequiredIdentities"/> an endpoint needs. The
/// default and fallback policies hold one with the configured default identities; it defers to the endpoint's own
/// declaration when there is one (<c>RequireIdentities</c>, or <c>RequireActivity</c>,
/// which checks identities itself), because ASP.NET Core combines those policies with endpoint requirements. Outside
/// <c>RequireActivity</c> it also refuses a tenant conflict (<see cref="TenantConflictCheck"/>).
/// </summary>
internal sealed class IdentityRequirement : AuthorizationHandler<IdentityRequirement>, IAuthorizationRequirement
{
    public IdentityRequirement(RequiredIdentities identities)
        : this(identities, declaredByEndpoint: false)
    {
    }

    public IdentityRequirement(RequiredIdentities identities, bool declaredByEndpoint)
    {
        Identities = identities;
        DeclaredByEndpoint = declaredByEndpoint;
    }

    public RequiredIdentities Identities { get; }

    /// <summary>Whether an endpoint declared this requirement (else it is the configured default).</summary>
    public bool DeclaredByEndpoint { get; }

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

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, IdentityRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var metadata = http?.GetEndpoint()?.Metadata;
        var activityEndpoint = metadata?.GetMetadata<IActivityDeclaration>() is not null;
        // A webhook endpoint's sender is proved by its signature, checked by the webhook filter before the endpoint runs:
        // the configured default identities do not apply to it (an endpoint's own RequireIdentities/RequireActivity still do).
        if (!requirement.DeclaredByEndpoint && (activityEndpoint || metadata?.GetMetadata<IIdentitiesDeclaration>() is not null
            || metadata?.GetMetadata<S2SAuth.Webhooks.IWebhookDeclaration>() is not null))
        {
            context.Succeed(requirement);
            return;
        }

        var auth = http is null ? null : await ServiceAuthentication.EnsureAsync(http).ConfigureAwait(false);
        if (Check(requirement.Identities, auth) is { } refusal)
        {
            Fail(context, http, refusal.Status, refusal.Code, null);
            return;
        }

        // A tenant conflict is refused here, unless the endpoint's RequireActivity decides it (its tenant step may allow
        // the crossing on an AllowCrossTenant endpoint).
        if (!activityEndpoint && http is not null && auth is not null && TenantConflict.Of(http) is not null
            && await http.RequestServices.GetRequiredService<TenantConflictCheck>().RefuseAsync(http, auth).ConfigureAwait(false) is { } conflict)
        {
            Fail(context, http, conflict.Status, conflict.Code!, conflict.Detail);
            return;
        }

        context.Succeed(requirement);
    }

    private void Fail(AuthorizationHandlerContext context, HttpContext? http, int status, string code, string? detail)
    {
        var refusal = new Refusal(status, code, detail);
        if (http is not null)
        {
            refusal.KeepOn(http);
        }

        context.Fail(new ServiceAuthFailureReason(this, refusal));
    }
}
