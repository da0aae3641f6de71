using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Idempotency;
using S2SAuth.Redis.Idempotency;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Receiving-side idempotency shared by every instance, on Redis.</summary>
public static class RedisIdempotencyServiceAuthBuilderExtensions
{
    /// <summary>
    /// Keeps the keys and stored responses of <c>.RequireIdempotency()</c> endpoints on Redis, so a retry that reaches
    /// another instance is answered from the same record (it replaces the in-memory store of <c>AddIdempotency()</c>).
    /// Redis settings are bound from <c>ServiceAuth:Idempotency:Redis</c>, then <paramref name="configure"/>; lifetimes
    /// and bounds from <c>ServiceAuth:Idempotency</c>. Both are checked at start-up. When Redis cannot answer, calls are
    /// refused with 503 <c>idempotency_store_unavailable</c> and the endpoint does not run.
    /// </summary>
    public static ServiceAuthBuilder AddRedisIdempotency(this ServiceAuthBuilder builder, Action<RedisIdempotencyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        IdempotencyServiceAuthBuilderExtensions.AddIdempotencyCore(services, configure: null);
        var options = services.AddOptions<RedisIdempotencyOptions>();
        if (!services.Any(d => d.ServiceType == typeof(RedisIdempotencyStore)))
        {
            options.Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(RedisIdempotencyOptions.SectionName).Bind(o))
                .ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisIdempotencyOptions>, RedisIdempotencyOptionsValidator>());
            services.AddSingleton<RedisIdempotencyStore>();
            services.AddHostedService<RedisIdempotencyConnector>();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.Replace(ServiceDescriptor.Singleton<IIdempotencyStore>(static sp => sp.GetRequiredService<RedisIdempotencyStore>()));
        return builder;
    }
}
