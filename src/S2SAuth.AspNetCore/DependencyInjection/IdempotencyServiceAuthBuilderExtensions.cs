using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Idempotency;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Receiving-side idempotency, chained onto <c>AddServiceAuth(...)</c>.</summary>
public static class IdempotencyServiceAuthBuilderExtensions
{
    /// <summary>
    /// Lets endpoints marked <c>.RequireIdempotency()</c> run once per <c>Idempotency-Key</c> and replay their first
    /// response to retries, with keys and responses kept in this instance's memory (bounded; one instance, tests, demos).
    /// For several instances, use <c>AddRedisIdempotency()</c> (S2SAuth.Redis) instead. Options are bound from
    /// <c>ServiceAuth:Idempotency</c>, then <paramref name="configure"/>, and checked at start-up.
    /// </summary>
    public static ServiceAuthBuilder AddIdempotency(this ServiceAuthBuilder builder, Action<IdempotencyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddIdempotencyCore(builder.Services, configure);
        builder.Services.TryAddSingleton<MemoryIdempotencyStore>();
        builder.Services.TryAddSingleton<IIdempotencyStore>(static sp => sp.GetRequiredService<MemoryIdempotencyStore>());
        return builder;
    }

    /// <summary>The options and the filter, whatever the store (the Redis package adds its store after this).</summary>
    internal static void AddIdempotencyCore(IServiceCollection services, Action<IdempotencyOptions>? configure)
    {
        var options = services.AddOptions<IdempotencyOptions>();
        if (!services.Any(d => d.ServiceType == typeof(IdempotencyFilter)))
        {
            options.Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(IdempotencyOptions.SectionName).Bind(o))
                .ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdempotencyOptions>, IdempotencyOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<IdempotencyFilter>();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }
    }
}
