using Microsoft.Extensions.DependencyInjection;
using S2SAuth.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds S2SAuth to a service's request pipeline.</summary>
public static class ServiceAuthApplicationBuilderExtensions
{
    /// <summary>
    /// Adds correlation ids, authentication and authorization, in that order. Call it after <c>UseRouting()</c>
    /// (or let <c>WebApplication</c> add routing) and before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseServiceAuth(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<ServiceAuthMarker>() is null)
        {
            throw new InvalidOperationException("UseServiceAuth() needs builder.Services.AddServiceAuth(builder.Configuration) first.");
        }

        app.UseMiddleware<CorrelationMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
