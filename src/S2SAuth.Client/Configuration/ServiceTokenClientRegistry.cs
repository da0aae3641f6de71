using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace S2SAuth.Client.Configuration;

/// <summary>
/// What was registered, kept in the container so <c>AddServiceTokenClient</c> and <c>AddServiceTokenHandler</c>
/// can be called any number of times, and so start-up validation knows whether any client needs a token.
/// </summary>
internal sealed class ServiceTokenClientRegistry
{
    public HashSet<IConfiguration> BoundConfigurations { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Names of the HttpClients that use <c>AddServiceTokenHandler</c>, in registration order.</summary>
    public List<string> HandlerClients { get; } = [];

    public static ServiceTokenClientRegistry? Find(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(ServiceTokenClientRegistry) && !descriptor.IsKeyedService
                && descriptor.ImplementationInstance is ServiceTokenClientRegistry registry)
            {
                return registry;
            }
        }

        return null;
    }
}
