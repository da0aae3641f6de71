using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace S2SAuth;

/// <summary>What an object-level rule sees: the request, its verified identities and tenant, and the activity.</summary>
public sealed class ObjectRuleContext
{
    internal ObjectRuleContext(HttpContext httpContext, ServiceAuthContext serviceAuth, string activity)
    {
        HttpContext = httpContext;
        ServiceAuth = serviceAuth;
        Activity = activity;
    }

    /// <summary>The request (route values, services, <see cref="HttpContext.RequestAborted"/>).</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The verified service, user, tenant and correlation ids.</summary>
    public ServiceAuthContext ServiceAuth { get; }

    /// <summary>The activity being decided (the endpoint's innermost one when it has several).</summary>
    public string Activity { get; }

    /// <summary>
    /// Asks ASP.NET Core's <see cref="IAuthorizationService"/> whether <paramref name="resource"/> may be acted on,
    /// with an <see cref="ObjectAccessRequirement"/> for <see cref="Activity"/>: register an
    /// <c>AuthorizationHandler&lt;ObjectAccessRequirement, TResource&gt;</c> to decide.
    /// </summary>
    public async Task<bool> AuthorizeResourceAsync(object resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var authorization = HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
        var result = await authorization.AuthorizeAsync(HttpContext.User, resource, new ObjectAccessRequirement(Activity, ServiceAuth)).ConfigureAwait(false);
        return result.Succeeded;
    }
}
