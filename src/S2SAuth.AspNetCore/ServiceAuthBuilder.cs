using Microsoft.Extensions.DependencyInjection;

namespace S2SAuth;

/// <summary>
/// What <c>AddServiceAuth(...)</c> returns: S2SAuth's features chain onto it, as authentication schemes chain onto
/// <c>AddAuthentication()</c>. Each feature is an extension method on this type.
/// </summary>
public sealed class ServiceAuthBuilder
{
    internal ServiceAuthBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection S2SAuth is registered in.</summary>
    public IServiceCollection Services { get; }
}
