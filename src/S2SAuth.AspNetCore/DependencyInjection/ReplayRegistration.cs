using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Replay;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory replay store (part of <c>AddServiceAuth</c>); <c>AddRedisReplayProtection()</c> replaces it.</summary>
internal static class ReplayRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.AddOptions<ReplayOptions>()
            .Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(ReplayOptions.SectionName).Bind(o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReplayOptions>, ReplayOptionsValidator>());
        services.TryAddSingleton<MemoryReplayStore>();
        services.TryAddSingleton<IReplayStore>(static sp => sp.GetRequiredService<MemoryReplayStore>());
    }
}
