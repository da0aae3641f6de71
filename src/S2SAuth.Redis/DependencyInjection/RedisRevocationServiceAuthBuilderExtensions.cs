using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Redis.Revocation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Revocation shared across instances on Redis, chained onto <c>AddServiceAuth(...)</c>.</summary>
public static class RedisRevocationServiceAuthBuilderExtensions
{
    /// <summary>
    /// Adds revocation (<c>AddRevocation()</c>) with Redis as its store: a revocation made on any instance (through
    /// <see cref="IRevocationService"/>) reaches every instance, pushed, and an instance cut off from Redis catches up
    /// when it reconnects. Requests never wait on Redis: each is checked against this instance's copy, loaded before
    /// the server listens; past <c>ServiceAuth:Revocation:MaxStaleness</c> without a sync the stale policy applies.
    /// Options are bound from <c>ServiceAuth:Revocation:Redis</c> (<c>Configuration</c> is required), then
    /// <paramref name="configure"/>. Design and runbook: docs/revocation.md.
    /// </summary>
    public static ServiceAuthBuilder AddRedisRevocation(this ServiceAuthBuilder builder, Action<RedisRevocationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddRevocation(static o => o.SharedStore = true);
        var first = !services.Any(static d => d.ServiceType == typeof(RedisRevocationSync));
        var options = services.AddOptions<RedisRevocationOptions>();
        if (first && !services.Any(static d => d.ServiceType == typeof(RedisRevocationStore)))
        {
            options.Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(RedisRevocationOptions.SectionName).Bind(o));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!first)
        {
            return builder;
        }

        AddStore(services);
        services.TryAddSingleton<RedisRevocationSync>();
        services.Replace(ServiceDescriptor.Singleton<IRevocationService, RedisRevocationService>());
        services.AddHostedService(static sp => sp.GetRequiredService<RedisRevocationSync>());
        return builder;
    }

    /// <summary>
    /// Registers an <see cref="IRevocationService"/> that only writes revocations to Redis, for an issuer or an operator
    /// tool that verifies no tokens itself (no <c>AddServiceAuth</c> needed): every instance with
    /// <c>AddRedisRevocation()</c> on the same Redis and <c>KeyPrefix</c> applies them. Options are bound from
    /// <c>ServiceAuth:Revocation:Redis</c>, then <paramref name="configure"/>; <c>ServiceAuth:MaxTokenLifetime</c> and
    /// <c>ClockSkew</c>, if configured, should match the services'.
    /// </summary>
    public static IServiceCollection AddRedisRevocationPublisher(this IServiceCollection services, Action<RedisRevocationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RedisRevocationOptions>();
        if (!services.Any(static d => d.ServiceType == typeof(RedisRevocationStore)))
        {
            options.Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(RedisRevocationOptions.SectionName).Bind(o));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        AddStore(services);
        services.TryAddSingleton<IRevocationService>(static sp => sp.GetRequiredService<RedisRevocationPublisher>());
        return services;
    }

    private static void AddStore(IServiceCollection services)
    {
        services.AddOptions<RedisRevocationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisRevocationOptions>, RedisRevocationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisRevocationConnection>();
        services.TryAddSingleton<RedisRevocationStore>();
        services.TryAddSingleton<RedisRevocationPublisher>();
    }
}
