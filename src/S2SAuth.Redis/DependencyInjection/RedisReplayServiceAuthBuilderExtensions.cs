using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Redis.Replay;
using S2SAuth.Replay;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Replay protection shared by every instance, on Redis.</summary>
public static class RedisReplayServiceAuthBuilderExtensions
{
    /// <summary>
    /// Keeps one-time values (webhook event ids, request-signature nonces) on Redis instead of in this instance's memory,
    /// so a webhook processed on one instance is not delivered again when it is replayed at another. Settings are bound
    /// from <c>ServiceAuth:Replay:Redis</c> (<c>Configuration</c>, <c>KeyPrefix</c>), then <paramref name="configure"/>,
    /// and checked at start-up; the connection is opened while the service starts. When Redis cannot answer, deliveries
    /// are refused with 503 <c>replay_check_unavailable</c> and the endpoint does not run.
    /// </summary>
    public static ServiceAuthBuilder AddRedisReplayProtection(this ServiceAuthBuilder builder, Action<RedisReplayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<RedisReplayOptions>();
        if (!services.Any(static d => d.ServiceType == typeof(RedisReplayStore)))
        {
            options.Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(RedisReplayOptions.SectionName).Bind(o))
                .ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisReplayOptions>, RedisReplayOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<RedisReplayStore>();
            services.AddHostedService<RedisReplayConnector>();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.Replace(ServiceDescriptor.Singleton<IReplayStore>(static sp => sp.GetRequiredService<RedisReplayStore>()));
        return builder;
    }
}
