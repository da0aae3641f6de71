using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using S2SAuth.Client.Tokens;
using S2SAuth.Keys;
using S2SAuth.Rbac;
using S2SAuth.Revocation;

namespace S2SAuth.HealthChecks;

/// <summary>
/// Adds the S2SAuth health checks to the health-check options once the container is built, so the order of
/// <c>AddServiceAuth</c>, <c>AddServiceTokenClient</c> and <c>AddServiceAuthChecks</c> does not matter: each check is
/// added only when the part it reads is registered, once, and the revocation check of <c>AddRevocation</c> gets the tags.
/// </summary>
internal static class ServiceAuthHealthChecks
{
    public const string Tag = "s2sauth";
    public const string ReadyTag = "ready";

    public static void Add(HealthCheckServiceOptions options, IServiceProvider services)
    {
        var isService = services.GetService<IServiceProviderIsService>();
        if (isService?.IsService(typeof(SigningKeyCache)) == true)
        {
            AddOnce(options, SigningKeyHealthCheck.Name, sp => ActivatorUtilities.CreateInstance<SigningKeyHealthCheck>(sp, Time(sp)));
        }

        if (isService?.IsService(typeof(ServiceTokenCache)) == true)
        {
            AddOnce(options, ServiceTokenHealthCheck.Name, sp => ActivatorUtilities.CreateInstance<ServiceTokenHealthCheck>(sp, Time(sp)));
        }

        if (isService?.IsService(typeof(HttpPermissionSource)) == true)
        {
            AddOnce(options, PermissionSourceHealthCheck.Name, sp => ActivatorUtilities.CreateInstance<PermissionSourceHealthCheck>(sp, Time(sp)));
        }

        foreach (var registration in options.Registrations.Where(static r => r.Name == RevocationHealthCheck.Name))
        {
            registration.Tags.Add(Tag);
            registration.Tags.Add(ReadyTag);
        }
    }

    private static void AddOnce(HealthCheckServiceOptions options, string name, Func<IServiceProvider, IHealthCheck> factory)
    {
        if (!options.Registrations.Any(r => r.Name == name))
        {
            options.Registrations.Add(new HealthCheckRegistration(name, factory, failureStatus: null, tags: [Tag, ReadyTag]));
        }
    }

    private static TimeProvider Time(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;
}
