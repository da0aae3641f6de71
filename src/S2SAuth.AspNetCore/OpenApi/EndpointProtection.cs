using Microsoft.AspNetCore.Authorization;
using S2SAuth.Authorization;
using S2SAuth.Certificates;
using S2SAuth.Tenants;

namespace S2SAuth.OpenApi;

/// <summary>
/// What an endpoint's metadata says about its protection, read the way authorization reads it: the last activity that
/// declares identities, else <c>RequireIdentities</c>, else the configured default; the innermost credential policy,
/// else the configured default. <see langword="null"/> from <see cref="Read"/> means a public endpoint.
/// </summary>
internal sealed record EndpointProtection(
    IReadOnlyList<string> Activities,
    RequiredIdentities Identities,
    IReadOnlyList<ITenantParameterDeclaration> TenantParameters,
    bool AllowCrossTenant,
    ServiceCredentialPolicy Credentials)
{
    public static EndpointProtection? Read(IList<object> metadata, RequiredIdentities defaultIdentities, ServiceCredentialPolicy defaultCredentials)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return null;
        }

        var activities = metadata.OfType<RequireActivityAttribute>().ToList();
        var declared = metadata.OfType<IIdentitiesDeclaration>().LastOrDefault();
        var tenants = metadata.OfType<ITenantParameterDeclaration>().ToList();
        var crossTenant = metadata.OfType<ICrossTenantDeclaration>().Any();
        var credential = metadata.OfType<IServiceCredentialDeclaration>().LastOrDefault();
        var ours = activities.Count > 0 || declared is not null || tenants.Count > 0 || crossTenant || credential is not null;
        var authorized = metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<AuthorizationPolicy>().Any()
            || metadata.OfType<IAuthorizationRequirementData>().Any();
        if (!ours && !authorized)
        {
            return null;
        }

        var identities = activities.LastOrDefault(a => a.Identities is not null)?.Identities ?? declared?.Identities ?? defaultIdentities;
        return new EndpointProtection(
            activities.Select(a => a.Activity).Distinct(StringComparer.Ordinal).ToList(),
            identities,
            tenants,
            crossTenant,
            credential?.Policy ?? defaultCredentials);
    }

    public bool NeedsService => Identities is not RequiredIdentities.User;

    public bool AcceptsUser => Identities is not RequiredIdentities.ServiceOnly;

    public bool NeedsUser => Identities is RequiredIdentities.ServiceAndUser or RequiredIdentities.User;
}
