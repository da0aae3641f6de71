using Microsoft.Extensions.DependencyInjection;

namespace S2SAuth.Client.Signing;

/// <summary>The names of the HttpClients that use <c>AddRequestSigning</c>, kept in the container so it can be called any number of times and validation checks only those.</summary>
internal sealed class RequestSigningRegistry
{
    public HashSet<string> Clients { get; } = new(StringComparer.Ordinal);

    public static RequestSigningRegistry FindOrAdd(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(RequestSigningRegistry) && !descriptor.IsKeyedService
                && descriptor.ImplementationInstance is RequestSigningRegistry registry)
            {
                return registry;
            }
        }

        var added = new RequestSigningRegistry();
        services.AddSingleton(added);
        return added;
    }
}
