using Microsoft.AspNetCore.Authorization;

namespace S2SAuth.Authorization;

/// <summary>
/// Added by tenant and object-rule metadata so that an endpoint declaring them without <c>RequireActivity</c>
/// is refused (a misconfiguration) instead of running without the rules it asked for.
/// </summary>
internal sealed class EndpointRulesRequirement : IAuthorizationRequirement
{
    public static readonly EndpointRulesRequirement Instance = new();

    public static readonly IAuthorizationRequirement[] AsArray = [Instance];

    private EndpointRulesRequirement()
    {
    }
}
