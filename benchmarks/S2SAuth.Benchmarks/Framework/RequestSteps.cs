using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Authentication;
using S2SAuth.Authorization;

namespace S2SAuth.Benchmarks.Framework;

/// <summary>
/// What S2SAuth does for one request, step by step, as its middleware, authentication handler and authorization
/// handler do it (without ASP.NET Core's own middleware around them): correlation ids and context, both tokens
/// verified (or found in the cache), the typed context and the <c>HttpContext.User</c> mirror, and the
/// <c>RequireActivity</c> decision with its audit event and metrics.
/// </summary>
public sealed class RequestSteps
{
    private readonly RequestAuthenticator _authenticator;
    private readonly IAuthorizationHandler _activityHandler;
    private readonly IAuthorizationRequirement[] _requirements;

    public RequestSteps(S2SAuthHost host)
    {
        _authenticator = host.Services.GetRequiredService<RequestAuthenticator>();
        _activityHandler = host.Services.GetServices<IAuthorizationHandler>().OfType<ActivityAuthorizationHandler>().Single();
        _requirements = [.. host.Endpoint.Metadata.GetOrderedMetadata<IAuthorizationRequirementData>().SelectMany(d => d.GetRequirements())];
    }

    public IAuthorizationRequirement[] Requirements => _requirements;

    /// <summary>Correlation context, both tokens, the typed context and the principal. True when both verified.</summary>
    public async ValueTask<bool> AuthenticateAsync(HttpContext http)
    {
        http.Features.Set<ServiceAuthContext>(null);
        var context = ServiceAuthContext.GetOrCreate(http);
        var outcome = await _authenticator.AuthenticateAsync(http, context).ConfigureAwait(false);
        http.User = outcome.Principal!;
        return outcome.Failure is null && context.User is not null;
    }

    /// <summary>The RequireActivity decision of an authenticated request, through S2SAuth's authorization handler.</summary>
    public async ValueTask<bool> DecideAsync(HttpContext http)
    {
        var context = new AuthorizationHandlerContext(_requirements, http.User, http);
        await _activityHandler.HandleAsync(context).ConfigureAwait(false);
        return context.HasSucceeded;
    }
}
