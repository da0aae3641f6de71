using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using S2SAuth.Http;

namespace S2SAuth.Authorization;

/// <summary>Makes sure S2SAuth's scheme has authenticated the request before an S2SAuth requirement reads its context.</summary>
internal static class ServiceAuthentication
{
    /// <summary>
    /// The request's context. S2SAuth is the default scheme, so <c>UseAuthentication()</c> normally filled it; when an
    /// application made another scheme the default, S2SAuth's scheme runs here (its result is cached per request).
    /// </summary>
    public static async ValueTask<ServiceAuthContext?> EnsureAsync(HttpContext http)
    {
        var auth = http.GetServiceAuthContext();
        if (auth is null || (auth is { Service: null, User: null } && Refusal.OfAuthentication(http) is null))
        {
            await http.AuthenticateAsync(ServiceAuthDefaults.AuthenticationScheme).ConfigureAwait(false);
            auth = http.GetServiceAuthContext();
        }

        return auth;
    }
}
